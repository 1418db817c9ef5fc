package inbox

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/parley-inbox/parley/projections"
)

// The runtime running the inbox projector is killed at random points of the
// replay (at the n-th event before or after its writes, by Close racing a
// transaction, or by a cancel at a random moment) and restarted, at least 20
// times; the views then equal a from-scratch rebuild. The seed is fixed, so
// a failure replays the same way.
func TestInboxViewsSurviveRandomKillsOfTheRuntime(t *testing.T) {
	f := newFaultLog(t, 180)
	rnd := rand.New(rand.NewPCG(20261126, 7))
	kills := 0
	for round := 0; ; round++ {
		if round > 500 {
			t.Fatalf("not caught up after %d rounds", round)
		}
		catchUp := []int{1, 16, 64}[rnd.IntN(3)]
		mode := rnd.IntN(4)
		n := 1 + rnd.Int64N(80)
		delay := time.Duration(rnd.IntN(30_000)) * time.Microsecond
		k := &killer{Projector: newProjector(t, DefaultSchema), n: n, mode: mode}
		reached := f.runUntil(t, k, catchUp, func(ctx context.Context, cancel func(), rt *projections.Runtime) {
			switch mode {
			case 2:
				k.kill = func() { _ = rt.Close() }
			case 3: // a cancel at a random moment, wherever the runtime is
				k.kill = func() {}
				go func() { // once running: a cancel before Run has started is not a kill
					select {
					case <-rt.Running():
						time.AfterFunc(delay, cancel)
					case <-ctx.Done():
					}
				}()
			default:
				k.kill = cancel
			}
		})
		if reached {
			t.Logf("caught up after %d rounds and %d kills", round+1, kills)
			break
		}
		kills++
	}
	if kills < 20 {
		t.Fatalf("only %d kills over the replay; want at least 20", kills)
	}
	f.assertEqualsScratch(t, "after random kills")
}
