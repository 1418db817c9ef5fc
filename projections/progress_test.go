package projections_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/parley-inbox/parley/projections"
)

func TestWaitFor(t *testing.T) {
	e := newEnv(t)
	first := e.appendEvents(t, 30, 3)

	// "Another process": a watcher fed only by LISTEN, never by Observe.
	remote := projections.NewProgress(e.db, projections.ProgressConfig{MaxWait: 20 * time.Second})
	go func() { _ = remote.Run(t.Context()) }()
	local := projections.NewProgress(e.db, projections.ProgressConfig{MaxWait: 20 * time.Second})
	startRuntime(t, projections.Config{DB: e.db, Store: e.store, Progress: local,
		Projectors: []projections.Projector{&streamCounter{name: "counter", prefix: "live"}}})

	t.Run("returns once reached, in this process and across processes", func(t *testing.T) {
		for _, p := range []*projections.Progress{local, remote} {
			if err := p.WaitFor(t.Context(), "counter", first); err != nil {
				t.Fatal(err)
			}
		}
		later := e.appendEvents(t, 30, 3)
		done := make(chan error, 2)
		for _, p := range []*projections.Progress{local, remote} {
			go func() { done <- p.WaitFor(t.Context(), "counter", later) }()
		}
		for range 2 {
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
		if pos, err := projections.ReadCheckpoint(t.Context(), e.db, "counter"); err != nil || pos < later {
			t.Fatalf("checkpoint = %d, %v; want >= %d", pos, err, later)
		}
	})
	t.Run("times out with the sentinel", func(t *testing.T) {
		short := projections.NewProgress(e.db, projections.ProgressConfig{MaxWait: 30 * time.Millisecond})
		if err := short.WaitFor(t.Context(), "counter", 1<<62); !errors.Is(err, projections.ErrWaitTimeout) {
			t.Fatalf("WaitFor = %v, want ErrWaitTimeout", err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
		defer cancel()
		if err := remote.WaitFor(ctx, "nobody", 1); !errors.Is(err, projections.ErrWaitTimeout) {
			t.Fatalf("WaitFor past the caller's deadline = %v, want ErrWaitTimeout", err)
		}
		ctx, cancel = context.WithCancel(t.Context())
		cancel()
		if err := remote.WaitFor(ctx, "nobody", 1); !errors.Is(err, context.Canceled) {
			t.Fatalf("WaitFor with a canceled context = %v, want context.Canceled", err)
		}
	})
	t.Run("works without a listener by polling", func(t *testing.T) {
		alone := projections.NewProgress(e.db, projections.ProgressConfig{MaxWait: 20 * time.Second, PollInterval: 5 * time.Millisecond})
		head := e.appendEvents(t, 5, 1)
		if err := alone.WaitFor(t.Context(), "counter", head); err != nil {
			t.Fatal(err)
		}
	})
}

func TestStatusReportsLag(t *testing.T) {
	e := newEnv(t)
	e.appendEvents(t, 40, 4)
	head := e.appendEvents(t, 40, 4)
	sts, err := projections.ReadStatus(t.Context(), e.db, e.store, []string{"counter"}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if st := sts[0]; st.Name != "counter" || st.Checkpoint != 0 || st.Head != head || st.LagEvents != 80 || st.LagCapped || st.Halted {
		t.Fatalf("status before any run = %+v", st)
	}
	if sts[0].LagSeconds <= 0 {
		t.Errorf("lag seconds = %v, want > 0", sts[0].LagSeconds)
	}
	capped, err := projections.ReadStatus(t.Context(), e.db, e.store, []string{"counter"}, 25)
	if err != nil || capped[0].LagEvents != 25 || !capped[0].LagCapped {
		t.Fatalf("capped status = %+v, %v", capped, err)
	}
	if _, err := projections.Rebuild(t.Context(), e.db, e.store, &streamCounter{name: "counter", prefix: "live"}, projections.RebuildOptions{}); err != nil {
		t.Fatal(err)
	}
	all, err := projections.ReadStatus(t.Context(), e.db, e.store, nil, 1000)
	if err != nil || len(all) != 1 || all[0].Checkpoint != head || all[0].LagEvents != 0 || all[0].LagSeconds != 0 {
		t.Fatalf("status after rebuild = %+v, %v", all, err)
	}
}
