package projections_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections"
)

func TestRuntimeMatchesRebuildAndAcksUnknownTypes(t *testing.T) {
	e := newEnv(t)
	e.appendEvents(t, 500, 23)
	reg := prometheus.NewRegistry()
	progress := projections.NewProgress(e.db, projections.ProgressConfig{MaxWait: 30 * time.Second})
	startRuntime(t, projections.Config{DB: e.db, Store: e.store, Registerer: reg, Progress: progress,
		Projectors: []projections.Projector{&streamCounter{name: "counter", prefix: "live"}}})

	// Live appends while the runtime catches up; the last one is of a type
	// the counter does not handle, and is still checkpointed.
	e.appendEvents(t, 200, 5)
	head := e.appendOne(t, "s-x", "test.Unknown")
	if err := progress.WaitFor(t.Context(), "counter", head); err != nil {
		t.Fatal(err)
	}
	if got, want := e.fingerprint(t, "live"), e.rebuiltFingerprint(t); got != want {
		t.Fatalf("live view %s differs from rebuild %s", got, want)
	}
	labels := map[string]string{"projector": "counter"}
	if got := counterValue(t, reg, "parley_projection_events_applied_total", labels); got != 601 {
		t.Errorf("events applied = %v, want 601", got)
	}
	if got := counterValue(t, reg, "parley_projection_events_skipped_total", map[string]string{"reason": "unhandled"}); got != 100 {
		t.Errorf("unhandled events = %v, want 100", got)
	}
	if got := counterValue(t, reg, "parley_projection_checkpoint_position", labels); got != float64(head) {
		t.Errorf("position gauge = %v, want %d", got, head)
	}
}

// twice delivers every event of the log twice, and the one before it again.
type twice struct{ eventstore.Store }

func (s twice) SubscribeAll(ctx context.Context, after uint64, handle func(context.Context, eventstore.RecordedEvent) error) error {
	var prev *eventstore.RecordedEvent
	return s.Store.SubscribeAll(ctx, after, func(ctx context.Context, ev eventstore.RecordedEvent) error {
		for _, e := range []*eventstore.RecordedEvent{&ev, &ev, prev} {
			if e == nil {
				continue
			}
			if err := handle(ctx, *e); err != nil {
				return err
			}
		}
		prev = &ev
		return nil
	})
}

func TestDuplicateDeliveryAppliesOnce(t *testing.T) {
	e := newEnv(t)
	head := e.appendEvents(t, 700, 31)
	reg := prometheus.NewRegistry()
	progress := projections.NewProgress(e.db, projections.ProgressConfig{MaxWait: 30 * time.Second})
	startRuntime(t, projections.Config{DB: e.db, Store: twice{e.store}, Registerer: reg, Progress: progress,
		Projectors: []projections.Projector{&streamCounter{name: "counter", prefix: "live"}}})
	if err := progress.WaitFor(t.Context(), "counter", head); err != nil {
		t.Fatal(err)
	}
	if got, want := e.fingerprint(t, "live"), e.rebuiltFingerprint(t); got != want {
		t.Fatalf("view after duplicate delivery %s differs from rebuild %s", got, want)
	}
	// Wait for the last redeliveries to be acked, then count them.
	eventually(t, 10*time.Second, "duplicates skipped", func() bool {
		return counterValue(t, reg, "parley_projection_events_skipped_total", map[string]string{"reason": "duplicate"}) >= 2*700-1
	})
}

func TestRebuildIsFastAndResumable(t *testing.T) {
	e := newEnv(t)
	e.appendEvents(t, 20_000, 1000)
	p := &streamCounter{name: "counter", prefix: "rebuilt"}
	var calls int
	prog, err := projections.Rebuild(t.Context(), e.db, e.store, p, projections.RebuildOptions{
		Checkpoint: "counter.v2", BatchSize: 2000, OnProgress: func(projections.RebuildProgress) { calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("rebuild: %d events (%d applied) in %s: %.0f events/s", prog.Events, prog.Applied, prog.Elapsed, prog.EventsPerSecond())
	if prog.Events != 20_000 || calls != 10 {
		t.Fatalf("rebuild read %d events in %d batches, want 20000 in 10", prog.Events, calls)
	}
	// A second run over the same checkpoint finds nothing to do.
	again, err := projections.Rebuild(t.Context(), e.db, e.store, p, projections.RebuildOptions{Checkpoint: "counter.v2"})
	if err != nil || again.Events != 0 || again.Position != prog.Position {
		t.Fatalf("second rebuild = %+v, %v; want nothing to do at %d", again, err, prog.Position)
	}
}

// Two processes running the same projector both receive every event; the
// checkpoint row lock makes each event take effect once.
func TestTwoRuntimesOnOneCheckpointApplyEachEventOnce(t *testing.T) {
	e := newEnv(t)
	e.appendEvents(t, 300, 11)
	progress := projections.NewProgress(e.db, projections.ProgressConfig{MaxWait: 30 * time.Second})
	for _, batch := range []int{1, 50} {
		startRuntime(t, projections.Config{DB: e.db, Store: e.store, Progress: progress, CatchUp: projections.CatchUpConfig{BatchSize: batch},
			Projectors: []projections.Projector{&streamCounter{name: "counter", prefix: "live"}}})
	}
	head := e.appendEvents(t, 300, 11)
	if err := progress.WaitFor(t.Context(), "counter", head); err != nil {
		t.Fatal(err)
	}
	if got, want := e.fingerprint(t, "live"), e.rebuiltFingerprint(t); got != want {
		t.Fatalf("view fed by two runtimes %s differs from rebuild %s", got, want)
	}
}

func TestRunReturnsWithoutLeakingGoroutines(t *testing.T) {
	e := newEnv(t)
	head := e.appendEvents(t, 50, 5)
	progress := projections.NewProgress(e.db, projections.ProgressConfig{MaxWait: 20 * time.Second})
	before := runtime.NumGoroutine()
	_, stop := startRuntime(t, projections.Config{DB: e.db, Store: e.store, Progress: progress,
		Projectors: []projections.Projector{&streamCounter{name: "counter", prefix: "live"}}})
	if err := progress.WaitFor(t.Context(), "counter", head); err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "runtime goroutines to end", func() bool { return runtime.NumGoroutine() <= before })
}
