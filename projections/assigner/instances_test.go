package assigner

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/parley-inbox/parley/projections"
)

// Two assigner instances — two projection runtimes and two sweepers, each
// with its own command cache — run over the same log and tables while
// conversations arrive: every conversation is assigned exactly once, and
// round robin stays even.
func TestTwoInstancesNeverDoubleAssign(t *testing.T) {
	e := newEnv(t, "ann", "bo", "cy")
	e.config(rrPolicy(false, 0))
	quiet := slog.New(slog.DiscardHandler)
	progress := projections.NewProgress(e.pool, projections.ProgressConfig{MaxWait: 20 * time.Second, Logger: quiet})
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	for range 2 {
		cfg := e.cfg()
		cfg.Now, cfg.SweepInterval = time.Now, 5*time.Millisecond
		cfg.Logger = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
		rt, err := projections.New(projections.Config{DB: e.pool, Store: e.store, Logger: quiet, Progress: progress,
			Projectors: []projections.Projector{e.projector(cfg)}})
		if err != nil {
			t.Fatal(err)
		}
		s := e.sweeper(cfg)
		wg.Go(func() { _ = rt.Run(ctx) })
		wg.Go(func() { _ = s.Run(ctx) })
	}
	const n = 45
	var openers sync.WaitGroup
	for w := range 3 {
		openers.Go(func() {
			for i := w; i < n; i += 3 {
				e.open(fmt.Sprintf("c%d", i), "wa", "hi")
			}
		})
	}
	openers.Wait()
	// Wait until the assigner has consumed the log, including its own
	// commands' events.
	for {
		head, err := e.store.ReadAll(ctx, 0, 100_000)
		if err != nil {
			t.Fatal(err)
		}
		last := head[len(head)-1].Position
		if err := progress.WaitFor(ctx, ProjectorName, last); err != nil {
			t.Fatal(err)
		}
		if again, _ := e.store.ReadAll(ctx, last, 1); len(again) == 0 {
			break
		}
	}
	counts := map[string]int{}
	for i := range n {
		id := fmt.Sprintf("c%d", i)
		a := e.assignments(id)
		if len(a) != 1 {
			t.Fatalf("%s assigned %d times: %+v", id, len(a), a)
		}
		counts[a[0].AgentID]++
	}
	lo, hi := n, 0
	for _, c := range counts {
		lo, hi = min(lo, c), max(hi, c)
	}
	if len(counts) != 3 || hi-lo > 1 {
		t.Fatalf("round robin with two instances: %v", counts)
	}
}

// testWriter sends log lines to the test's log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) { w.t.Log(string(b)); return len(b), nil }
