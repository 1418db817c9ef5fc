package faults_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/faults"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/live"
)

// holdOpen is how long the long transaction stays open.
const holdOpen = 3 * time.Second

// concurrentAppenders appends new conversations from 32 goroutines while
// one transaction, which appended first (so its events have the lowest new
// positions), stays open for seconds; a subscriber and the projectors run
// all along. No event may be skipped: the subscriber must see every new
// position exactly once, in order, and the views must equal the oracle.
func concurrentAppenders(t *testing.T, s *suite) faults.Row {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	start, _ := s.head(t)
	p := s.freshInbox(t, "append")
	s.resetLive(t)

	var mu sync.Mutex
	var seen []uint64
	subCtx, stopSub := context.WithCancel(ctx)
	subDone := make(chan error, 1)
	go func() {
		subDone <- s.store.SubscribeAll(subCtx, start, func(_ context.Context, ev eventstore.RecordedEvent) error {
			mu.Lock()
			seen = append(seen, ev.Position)
			mu.Unlock()
			return nil
		})
	}()
	rtCtx, stopRT := context.WithCancel(ctx)
	rtDone := make(chan error, 1)
	go func() {
		rtDone <- s.run(rtCtx, s.store, []projections.Projector{p, live.NewProjector(nil)}, math.MaxUint64, projections.Config{})
	}()

	tx, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if err := appendInTx(ctx, tx, seed.AccountID(0)); err != nil {
		t.Fatal(err)
	}
	held := time.NewTimer(holdOpen)
	gen, err := seed.NewGenerator(s.seed+1, 5, "ca")
	if err != nil {
		t.Fatal(err)
	}
	const appenders, each = 32, 10
	var wg sync.WaitGroup
	errs := make(chan error, appenders)
	for w := range appenders {
		wg.Go(func() {
			for i := w; i < appenders*each; i += appenders {
				h, err := gen.History(i)
				if err == nil && h.Contact != nil {
					_, err = s.store.Append(ctx, h.Contact.Name, eventstore.Any(), h.Contact.Events)
				}
				if err == nil {
					_, err = s.store.Append(ctx, h.Conversation.Name, eventstore.Any(), h.Conversation.Events)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	<-held.C
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	head, events := s.head(t)
	want := s.positionsAfter(t, start)

	// Wait for the subscriber and the projectors to reach the head.
	waitFor := func() bool { mu.Lock(); defer mu.Unlock(); return len(seen) > 0 && seen[len(seen)-1] >= head }
	for deadline := time.Now().Add(time.Minute); !waitFor() && time.Now().Before(deadline); {
		select {
		case <-time.After(20 * time.Millisecond):
		case <-ctx.Done():
		}
	}
	stopSub()
	<-subDone
	stopRT()
	if err := <-rtDone; err != nil {
		t.Fatalf("runtime during the appends: %v", err)
	}
	if err := s.run(ctx, s.store, []projections.Projector{p, live.NewProjector(nil)}, head, projections.Config{}); err != nil || ctx.Err() != nil {
		t.Fatalf("final run: %v (%v)", err, ctx.Err())
	}
	mu.Lock()
	got := append([]uint64(nil), seen...)
	mu.Unlock()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the subscriber saw %d positions, the log has %d new ones (skipped, repeated or out of order)", len(got), len(want))
	}
	res := s.compare(t, p, true)
	return faults.Row{Events: events, Runs: appenders, Result: fmt.Sprintf("%s; subscriber saw all %d new events in order", res, len(got))}
}

func (s *suite) positionsAfter(t *testing.T, after uint64) []uint64 {
	t.Helper()
	rows, err := s.pool.Query(t.Context(), `SELECT position FROM eventstore.events WHERE position > $1 ORDER BY position`, int64(after))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []uint64
	for rows.Next() {
		var p int64
		if err := rows.Scan(&p); err != nil {
			t.Fatal(err)
		}
		out = append(out, uint64(p))
	}
	return out
}

// appendInTx appends a new conversation's opening through the store's SQL
// function inside tx, which the caller keeps open.
func appendInTx(ctx context.Context, tx pgx.Tx, account string) error {
	codec, err := conversation.NewCodec()
	if err != nil {
		return err
	}
	typ, version, data, err := codec.Encode(conversation.Opened{InboxID: "long-tx", Channel: conversation.ChannelSMS, ContactID: "long-tx-k", InitiatedBy: "agent"})
	if err != nil {
		return err
	}
	meta, err := json.Marshal(eventstore.Metadata{AccountID: account, Actor: eventstore.Actor{Kind: "agent", ID: "long-tx"},
		OccurredAt: seed.Epoch(), CommandID: "long-tx", CorrelationID: "long-tx", CausationID: "long-tx"})
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `SELECT eventstore.append($1, 1, 0, $2, $3, $4, $5, $6, '')`, conversation.StreamName("long-tx"),
		[]uuid.UUID{uuid.NewSHA1(uuid.NameSpaceURL, []byte("parley/faults/long-tx"))}, []string{typ}, []int32{int32(version)},
		[]string{string(data)}, []string{string(meta)})
	if err != nil {
		return fmt.Errorf("append in the long transaction: %w", err)
	}
	return nil
}
