package inbox

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections"
)

// faultLog is a database with a generated history in the PostgreSQL event
// store, the runtime's tables and empty live views.
type faultLog struct {
	pool  *pgxpool.Pool
	store *postgres.Store
	head  uint64
}

func newFaultLog(t *testing.T, conversations int) *faultLog {
	t.Helper()
	ctx := t.Context()
	f := &faultLog{pool: newDB(t, DefaultSchema, "inbox_scratch")}
	if err := postgres.Migrate(ctx, f.pool); err != nil {
		t.Fatal(err)
	}
	if err := projections.Migrate(ctx, f.pool); err != nil {
		t.Fatal(err)
	}
	var err error
	if f.store, err = postgres.New(ctx, f.pool, postgres.Config{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.store.Close)
	if err := seed.Seed(ctx, f.store, seed.SeedOptions{Conversations: conversations, Accounts: 3, Seed: 2026, Chunk: 10}, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	evs, err := f.store.ReadAll(ctx, 0, 1_000_000)
	if err != nil || len(evs) == 0 {
		t.Fatalf("read log: %d events, %v", len(evs), err)
	}
	f.head = evs[len(evs)-1].Position
	t.Logf("%d events in the log", len(evs))
	return f
}

// runUntil runs a runtime with projector p until the live views reach the
// head or kill ends it; it reports whether they reached the head.
func (f *faultLog) runUntil(t *testing.T, p projections.Projector, catchUp int, kill func(ctx context.Context, cancel func(), rt *projections.Runtime)) bool {
	t.Helper()
	if cp, err := projections.ReadCheckpoint(t.Context(), f.pool, p.Name()); err != nil || cp >= f.head {
		return err == nil // e.g. the last kill raced a commit that reached the head
	}
	quiet := slog.New(slog.DiscardHandler)
	progress := projections.NewProgress(f.pool, projections.ProgressConfig{MaxWait: time.Minute, Logger: quiet})
	rt, err := projections.New(projections.Config{DB: f.pool, Store: f.store, Progress: progress, Logger: quiet,
		Projectors: []projections.Projector{p}, CatchUp: projections.CatchUpConfig{BatchSize: catchUp},
		Retry: projections.RetryConfig{MaxTries: 2, InitialInterval: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	if kill != nil {
		kill(ctx, cancel, rt)
	}
	reached := make(chan struct{})
	go func() {
		if progress.WaitFor(ctx, p.Name(), f.head) == nil {
			close(reached)
			cancel()
		}
	}()
	if err := rt.Run(ctx); err != nil {
		t.Fatalf("run: %v", err)
	}
	select {
	case <-reached:
		return true
	default:
		return false
	}
}

// assertEqualsScratch compares the live views with a from-scratch Rebuild.
func (f *faultLog) assertEqualsScratch(t *testing.T, what string) {
	t.Helper()
	ctx := t.Context()
	if err := Drop(ctx, f.pool, "inbox_scratch"); err != nil {
		t.Fatal(err)
	}
	if err := projections.ResetCheckpoint(ctx, f.pool, NameFor("inbox_scratch")); err != nil {
		t.Fatal(err)
	}
	if err := Migrate(ctx, f.pool, "inbox_scratch"); err != nil {
		t.Fatal(err)
	}
	if _, err := projections.Rebuild(ctx, f.pool, f.store, newProjector(t, "inbox_scratch"), projections.RebuildOptions{}); err != nil {
		t.Fatal(err)
	}
	sameFingerprints(t, what, fingerprint(t, f.pool, "inbox_scratch"), fingerprint(t, f.pool, DefaultSchema))
}

// killer wraps the inbox projector and kills its runtime at the n-th event
// applied: before the writes, after them (before the commit), or by Close
// racing the transaction.
type killer struct {
	*Projector
	n     int64
	mode  int
	seen  atomic.Int64
	fired atomic.Bool
	kill  func()
}

func (k *killer) Apply(ctx context.Context, tx pgx.Tx, ev eventstore.RecordedEvent) error {
	return k.ApplyBatch(ctx, tx, []eventstore.RecordedEvent{ev})
}

func (k *killer) ApplyBatch(ctx context.Context, tx pgx.Tx, evs []eventstore.RecordedEvent) error {
	after := k.seen.Add(int64(len(evs)))
	if after < k.n || k.fired.Swap(true) {
		return k.Projector.ApplyBatch(ctx, tx, evs)
	}
	switch k.mode {
	case 0:
		k.kill()
		return k.Projector.ApplyBatch(ctx, tx, evs)
	case 1:
		err := k.Projector.ApplyBatch(ctx, tx, evs)
		k.kill()
		return err
	default:
		go k.kill()
		return k.Projector.ApplyBatch(ctx, tx, evs)
	}
}
