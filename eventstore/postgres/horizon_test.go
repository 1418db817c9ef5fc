package postgres_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
)

// quiet is how long a reader is given to (wrongly) return hidden events. It
// only bounds a negative check; nothing waits on it for synchronisation.
const quiet = 150 * time.Millisecond

func event(t *testing.T, typ string) eventstore.EventData {
	t.Helper()
	return eventstore.EventData{
		ID: uuid.New(), Type: typ, SchemaVersion: 1, Data: []byte(`{"n": 1}`),
		Metadata: eventstore.Metadata{AccountID: "acct", OccurredAt: time.Now().UTC().Truncate(time.Microsecond)},
	}
}

// openAppend appends e through eventstore.append inside a transaction it
// leaves open, as a slow writer would; the caller commits or rolls back.
func openAppend(t *testing.T, ctx context.Context, pool *pgxpool.Pool, stream string, e eventstore.EventData) (pgx.Tx, uint64) {
	t.Helper()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback(context.WithoutCancel(ctx)) })
	meta, _ := json.Marshal(e.Metadata)
	var pos int64
	err = tx.QueryRow(ctx, `SELECT position FROM eventstore.append($1, 0, 0, $2, $3, $4, $5, $6, 'parley_events')`,
		stream, []uuid.UUID{e.ID}, []string{e.Type}, []int32{1}, []string{string(e.Data)}, []string{string(meta)}).Scan(&pos)
	if err != nil {
		t.Fatal(err)
	}
	return tx, uint64(pos)
}

// TestReadersNeverSkipAnOpenTransaction holds one append's transaction open
// while later appends commit: no reader may return the later events (whose
// positions are higher) until the open one ends; then all arrive, in
// position order, with nothing skipped.
func TestReadersNeverSkipAnOpenTransaction(t *testing.T) {
	s, pool := newStore(t)
	ctx := t.Context()
	start, err := s.Append(ctx, "start", eventstore.NoStream(), []eventstore.EventData{event(t, "start")})
	if err != nil {
		t.Fatal(err)
	}
	sub := collectFrom(t, s, start.Position)

	slow := event(t, "slow")
	tx, slowPos := openAppend(t, ctx, pool, "slow", slow)
	var later []uint64
	for i := range 3 {
		res, err := s.Append(ctx, "fast", eventstore.Any(), []eventstore.EventData{event(t, "fast")})
		if err != nil {
			t.Fatalf("append %d while a transaction is open: %v", i, err)
		}
		if res.Position <= slowPos {
			t.Fatalf("later append got position %d, not above the open one's %d", res.Position, slowPos)
		}
		later = append(later, res.Position)
	}

	if got, err := s.ReadAll(ctx, start.Position, 100); err != nil || len(got) != 0 {
		t.Fatalf("ReadAll with a transaction open = %d events, %v; want none", len(got), err)
	}
	settled := make(chan error, 1)
	go func() { settled <- s.Settle(ctx) }()
	select {
	case e := <-sub:
		t.Fatalf("subscription delivered position %d while a lower one is uncommitted", e.Position)
	case <-time.After(quiet):
	}
	select {
	case err := <-settled:
		t.Fatalf("Settle returned (%v) while an older transaction is open", err)
	default:
	}

	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-settled; err != nil {
		t.Fatal(err)
	}
	// The open transaction's own event had not committed when Settle was
	// called, yet it is below the three it waited for.
	if got, err := s.ReadAll(ctx, start.Position, 100); err != nil || len(got) != 4 {
		t.Fatalf("after Settle ReadAll = %d events, %v; want 4", len(got), err)
	}
	want := append([]uint64{slowPos}, later...)
	for i, pos := range want {
		if e := nextOf(t, sub); e.Position != pos {
			t.Fatalf("subscription event %d at %d, want %d", i, e.Position, pos)
		}
	}
	// Any other transaction in the cluster (an autoanalyze, say) may still
	// hold the horizon back for a moment, so ReadAll may return a prefix
	// first; never a gap.
	waitFor(t, "ReadAll to return all four events", func() bool {
		got, err := s.ReadAll(ctx, start.Position, 100)
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range got {
			if e.Position != want[i] {
				t.Fatalf("ReadAll event %d at %d, want %d", i, e.Position, want[i])
			}
		}
		if len(got) > 0 && got[0].ID != slow.ID {
			t.Fatalf("first event after commit is %s, want the slow one", got[0].Type)
		}
		return len(got) == len(want)
	})
}

// TestSubscriptionSeesEventsReleasedByAQuietTransaction: a transaction that
// appends nothing (so sends no notification) but has a transaction id holds
// the horizon; when it ends, the subscription must still notice the events
// it hid, by its backoff re-check.
func TestSubscriptionSeesEventsReleasedByAQuietTransaction(t *testing.T) {
	s, pool := newStore(t)
	ctx := t.Context()
	sub := collectFrom(t, s, 0)

	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if _, err := tx.Exec(ctx, "SELECT pg_current_xact_id()"); err != nil {
		t.Fatal(err)
	}
	res, err := s.Append(ctx, "s", eventstore.NoStream(), []eventstore.EventData{event(t, "hidden")})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-sub:
		t.Fatalf("subscription delivered position %d while the horizon hides it", e.Position)
	case <-time.After(quiet):
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if e := nextOf(t, sub); e.Position != res.Position {
		t.Fatalf("got position %d, want %d", e.Position, res.Position)
	}
}

// collectFrom subscribes from after and forwards events to the channel it
// returns; the subscription ends with the test, which checks it returns.
func collectFrom(t *testing.T, s *postgres.Store, after uint64) <-chan eventstore.RecordedEvent {
	ctx, cancel := context.WithCancel(t.Context())
	out := make(chan eventstore.RecordedEvent, 100)
	done := make(chan error, 1)
	go func() {
		done <- s.SubscribeAll(ctx, after, func(ctx context.Context, e eventstore.RecordedEvent) error {
			select {
			case out <- e:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("subscription did not end")
		}
	})
	return out
}

func nextOf(t *testing.T, events <-chan eventstore.RecordedEvent) eventstore.RecordedEvent {
	t.Helper()
	select {
	case e := <-events:
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10s")
		return eventstore.RecordedEvent{}
	}
}
