package projections_test

import (
	"testing"
	"time"

	"github.com/parley-inbox/parley/projections"
)

// TestLiveThroughput logs how fast the runtime catches up on a backlog
// (figures, not assertions: benchmarks belong to `parley bench`).
func TestLiveThroughput(t *testing.T) {
	e := newEnv(t)
	head := e.appendEvents(t, 3000, 300)
	progress := projections.NewProgress(e.db, projections.ProgressConfig{MaxWait: time.Minute})
	start := time.Now()
	startRuntime(t, projections.Config{DB: e.db, Store: e.store, Progress: progress,
		Projectors: []projections.Projector{&streamCounter{name: "counter", prefix: "live"}}})
	if err := progress.WaitFor(t.Context(), "counter", head); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	t.Logf("live runtime: 3000 events in %s: %.0f events/s", elapsed, 3000/elapsed.Seconds())
}

func TestPerEventApplyCost(t *testing.T) {
	e := newEnv(t)
	e.appendEvents(t, 3000, 300)
	prog, err := projections.Rebuild(t.Context(), e.db, e.store, &streamCounter{name: "counter", prefix: "live"}, projections.RebuildOptions{BatchSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("one event per transaction, no Watermill: %.0f events/s", prog.EventsPerSecond())
}
