package inbox

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections"
)

// The live view fed event by event by the projections runtime equals a
// side-by-side rebuild (batched) from the same PostgreSQL log, which then
// swaps in.
func TestRuntimeViewEqualsSideBySideRebuild(t *testing.T) {
	ctx := t.Context()
	pool := newDB(t, "inbox", "inbox_rebuild")
	if err := postgres.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if err := projections.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	store, err := postgres.New(ctx, pool, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := seed.Seed(ctx, store, seed.SeedOptions{Conversations: 60, Accounts: 2, Seed: 5}, nil); err != nil {
		t.Fatal(err)
	}
	if err := store.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	evs, err := store.ReadAll(ctx, 0, 100_000)
	if err != nil {
		t.Fatal(err)
	}
	head := evs[len(evs)-1].Position

	quiet := slog.New(slog.DiscardHandler)
	progress := projections.NewProgress(pool, projections.ProgressConfig{MaxWait: 30 * time.Second, Logger: quiet})
	rt, err := projections.New(projections.Config{DB: pool, Store: store, Progress: progress, Logger: quiet,
		Projectors: []projections.Projector{newProjector(t, "inbox")}})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- rt.Run(runCtx) }()
	stop := sync.OnceFunc(func() { cancel(); <-done })
	defer stop()
	if err := progress.WaitFor(ctx, "inbox", head); err != nil {
		t.Fatal(err)
	}

	rebuild := newProjector(t, "inbox_rebuild")
	res, err := projections.Rebuild(ctx, pool, store, rebuild, projections.RebuildOptions{Checkpoint: rebuild.Name()})
	if err != nil {
		t.Fatal(err)
	}
	if res.Position != head {
		t.Fatalf("rebuild reached %d, head %d", res.Position, head)
	}
	live := fingerprint(t, pool, "inbox")
	sameFingerprints(t, "runtime vs rebuild", live, fingerprint(t, pool, "inbox_rebuild"))
	stop() // the live projector is stopped for the swap in this test
	if err := Swap(ctx, pool, "inbox_rebuild", "inbox"); err != nil {
		t.Fatal(err)
	}
	sameFingerprints(t, "after swap", live, fingerprint(t, pool, "inbox"))
	if cp, err := projections.ReadCheckpoint(ctx, pool, "inbox"); err != nil || cp != head {
		t.Errorf("live checkpoint after swap: %d, %v; want %d", cp, err, head)
	}
}
