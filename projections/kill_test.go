package projections_test

import (
	"context"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections"
)

// killer wraps a projector and kills its runtime at the n-th Apply: by
// canceling Run's context before or after the event's writes, or by Close.
type killer struct {
	*streamCounter
	n     int64
	calls atomic.Int64
	mode  int
	kill  func()
}

func (k *killer) Apply(ctx context.Context, tx pgx.Tx, ev eventstore.RecordedEvent) error {
	return k.ApplyBatch(ctx, tx, []eventstore.RecordedEvent{ev})
}

// ApplyBatch counts the events of catch-up batches too.
func (k *killer) ApplyBatch(ctx context.Context, tx pgx.Tx, evs []eventstore.RecordedEvent) error {
	before := k.calls.Add(int64(len(evs))) - int64(len(evs))
	if before >= k.n || before+int64(len(evs)) < k.n {
		return k.streamCounter.ApplyBatch(ctx, tx, evs)
	}
	switch k.mode {
	case 0: // before the writes
		k.kill()
		return k.streamCounter.ApplyBatch(ctx, tx, evs)
	case 1: // after the writes, before the commit
		err := k.streamCounter.ApplyBatch(ctx, tx, evs)
		k.kill()
		return err
	default: // Close from outside, racing this transaction
		go k.kill()
		return k.streamCounter.ApplyBatch(ctx, tx, evs)
	}
}

func TestKilledAtRandomPointsThenRestartedMatchesRebuild(t *testing.T) {
	e := newEnv(t)
	head := e.appendEvents(t, 3000, 97)
	seed := time.Now().UnixNano()
	rnd := rand.New(rand.NewPCG(uint64(seed), 0))
	t.Logf("seed %d", seed)
	progress := projections.NewProgress(e.db, projections.ProgressConfig{MaxWait: 5 * time.Second})
	go func() { _ = progress.Run(t.Context()) }()

	kills := 0
	for round := 0; round < 80; round++ {
		k := &killer{streamCounter: &streamCounter{name: "counter", prefix: "live"}, n: 1 + rnd.Int64N(120), mode: rnd.IntN(3)}
		// Half the rounds apply one event per transaction, half catch up in
		// batches of up to 64.
		catchUp := projections.CatchUpConfig{BatchSize: 1 + 63*rnd.IntN(2)}
		rt, err := projections.New(projections.Config{DB: e.db, Store: e.store, Progress: progress, Logger: quietLogger(t),
			Projectors: []projections.Projector{k}, CatchUp: catchUp})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		k.kill = cancel
		if k.mode == 2 {
			k.kill = func() { _ = rt.Close() }
		}
		caughtUp := make(chan struct{})
		go func() {
			for ctx.Err() == nil {
				if progress.WaitFor(ctx, "counter", head) == nil {
					close(caughtUp)
					cancel()
					return
				}
			}
		}()
		if err := rt.Run(ctx); err != nil {
			t.Fatalf("round %d: run: %v", round, err)
		}
		cancel()
		select {
		case <-caughtUp:
			t.Logf("caught up after %d kills", kills)
			round = 80
		default:
			kills++
		}
		if round < 80 {
			head = e.appendEvents(t, 10, 13) // the log grows between restarts
		}
	}
	if kills < 20 {
		t.Fatalf("only %d kills; want at least 20", kills)
	}
	// Restart without the killer to finish, then compare.
	startRuntime(t, projections.Config{DB: e.db, Store: e.store, Progress: progress,
		Projectors: []projections.Projector{&streamCounter{name: "counter", prefix: "live"}}})
	if err := progress.WaitFor(t.Context(), "counter", head); err != nil {
		t.Fatal(err)
	}
	if got, want := e.fingerprint(t, "live"), e.rebuiltFingerprint(t); got != want {
		t.Fatalf("view after %d kills %s differs from rebuild %s", kills, got, want)
	}
}
