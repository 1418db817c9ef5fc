package live_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/live"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// env is a fresh database with the PostgreSQL event store, the projection
// runtime's tables and the live feed's.
type env struct {
	db    *pgxpool.Pool
	store eventstore.Store
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := t.Context()
	db := pgtest.Pool(t)
	if err := postgres.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	store, err := postgres.New(ctx, db, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Close)
	if err := projections.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	for range 2 { // idempotent
		if err := live.Migrate(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	return &env{db: db, store: store}
}

// event is a conversation or contact event of account.
func event(account, typ string, data any) eventstore.EventData {
	b, err := json.Marshal(data)
	if err != nil {
		panic(err) // test data only
	}
	return eventstore.EventData{ID: uuid.New(), Type: typ, SchemaVersion: 1, Data: b,
		Metadata: eventstore.Metadata{AccountID: account, Actor: eventstore.Actor{Kind: "agent", ID: "ann"},
			OccurredAt: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), CommandID: uuid.NewString()}}
}

// appendTo appends events to stream and returns the position of the last.
func (e *env) appendTo(t *testing.T, stream string, evs ...eventstore.EventData) uint64 {
	t.Helper()
	res, err := e.store.Append(t.Context(), stream, eventstore.Any(), evs)
	if err != nil {
		t.Fatal(err)
	}
	return res.Position
}

// message appends a received message to conversation conv of account.
func (e *env) message(t *testing.T, account, conv, text string) uint64 {
	t.Helper()
	return e.appendTo(t, "conversation-"+conv, event(account, "conversation.message_received",
		map[string]any{"message_id": uuid.NewString(), "type": "text", "text": text}))
}

// startRuntime runs the projection runtime with the live projector until
// the test ends.
func (e *env) startRuntime(t *testing.T) {
	t.Helper()
	rt, err := projections.New(projections.Config{DB: e.db, Store: e.store, Logger: quiet(),
		Projectors: []projections.Projector{live.NewProjector(quiet())}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(t.Context()))
	done := make(chan error, 1)
	go func() { done <- rt.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		// A stop during start-up may surface as the context's error.
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("runtime: %v", err)
		}
	})
}

// startHub runs a hub until the test ends (or stop is called) and waits
// until it has connected.
func startHub(t *testing.T, db *pgxpool.Pool, cfg live.HubConfig) (hub *live.Hub, stop func()) {
	t.Helper()
	cfg.DB, cfg.Logger = db, quiet()
	hub, err := live.NewHub(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(t.Context()))
	done := make(chan error, 1)
	go func() { done <- hub.Run(ctx) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("hub: %v", err)
		}
	}
	t.Cleanup(stop)
	return hub, stop
}

// subscribe subscribes to account, bounded by a deadline.
func subscribe(t *testing.T, hub *live.Hub, account string) *live.Subscription {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	s, err := hub.Subscribe(ctx, account)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// next returns the subscription's next change, failing after a deadline.
func next(t *testing.T, s *live.Subscription) live.Change {
	t.Helper()
	select {
	case ch := <-s.Changes():
		return ch
	case <-s.Done():
		t.Fatalf("subscription ended: %v", s.Err())
	case <-time.After(10 * time.Second):
		t.Fatal("timed out waiting for a change")
	}
	return live.Change{}
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// contextWithin is the test's context bounded by d.
func contextWithin(t *testing.T, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(t.Context(), d)
}

// ended waits, bounded, until s has ended.
func ended(t *testing.T, s *live.Subscription) {
	t.Helper()
	select {
	case <-s.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("timed out waiting for the subscription to end")
	}
}
