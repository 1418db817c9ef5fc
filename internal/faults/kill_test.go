package faults_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-inbox/parley/internal/faults"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/live"
)

// killedProjector runs inbox and live, killing their runtime at a random
// event again and again: before the projector's writes, after its rows are
// written but before the checkpoint is stored and committed, or by Close
// racing the transaction. Each round restarts from the checkpoints; the
// last round runs without a killer; then the views must equal the oracle.
func killedProjector(t *testing.T, s *suite) faults.Row {
	head, events := s.head(t)
	p := s.freshInbox(t, "kill")
	s.resetLive(t)
	rnd := rand.New(rand.NewPCG(s.seed, 23))
	kills, modes := 0, [3]int{}
	maxRounds := 60
	for round := 0; round < maxRounds; round++ {
		var count atomic.Int64
		at, mode := 1+rnd.Int64N(int64(events/10)+1), rnd.IntN(3)
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		killed := atomic.Bool{}
		kill := func() { killed.Store(true); cancel() }
		ks := []projections.Projector{
			&faults.Killer{Applier: p, Count: &count, At: at, Mode: mode, Kill: kill},
			&faults.Killer{Applier: live.NewProjector(nil), Count: &count, At: at, Mode: mode, Kill: kill},
		}
		batch := []int{1, 64, 500}[rnd.IntN(3)]
		err := s.run(ctx, s.store, ks, head, projections.Config{CatchUp: projections.CatchUpConfig{BatchSize: batch}})
		cancel()
		if err != nil && !killed.Load() {
			t.Fatalf("round %d: %v", round, err)
		}
		if !killed.Load() {
			break // caught up before the kill point
		}
		kills++
		modes[mode]++
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	if err := s.run(ctx, s.store, []projections.Projector{p, live.NewProjector(nil)}, head, projections.Config{}); err != nil || ctx.Err() != nil {
		t.Fatalf("final run: %v (%v)", err, ctx.Err())
	}
	if kills < 10 {
		t.Errorf("only %d kills", kills)
	}
	res := s.compare(t, p, true)
	return faults.Row{Events: events, Runs: kills,
		Result: fmt.Sprintf("%s; kills before writes %d, between rows and checkpoint %d, racing Close %d", res, modes[0], modes[1], modes[2])}
}
