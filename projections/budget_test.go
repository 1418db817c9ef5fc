package projections_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections"
)

// slowCounter is a counter that applies events one at a time, slowly (as
// the assigner does when it decides on each of a burst of messages), and
// notes how long the transaction it runs in has been open.
type slowCounter struct {
	inner   *streamCounter
	delay   time.Duration
	mu      sync.Mutex
	longest time.Duration
}

func (c *slowCounter) Name() string            { return c.inner.Name() }
func (c *slowCounter) Handles(typ string) bool { return c.inner.Handles(typ) }

func (c *slowCounter) Apply(ctx context.Context, tx pgx.Tx, ev eventstore.RecordedEvent) error {
	time.Sleep(c.delay)
	var open time.Duration
	if err := tx.QueryRow(ctx, `SELECT clock_timestamp() - now()`).Scan(&open); err != nil {
		return err
	}
	c.mu.Lock()
	c.longest = max(c.longest, open)
	c.mu.Unlock()
	return c.inner.Apply(ctx, tx, ev)
}

// A projector that applies events one by one, catching up on a backlog,
// commits at least every CatchUp.MaxDuration instead of holding one
// transaction (and with it every reader's horizon) over the whole batch;
// the view still ends equal to a rebuild.
func TestSlowProjectorCommitsWithinTheBatchBudget(t *testing.T) {
	e := newEnv(t)
	head := e.appendEvents(t, 140, 7) // 120 handled at 15 ms: 1.8 s in one batch
	progress := projections.NewProgress(e.db, projections.ProgressConfig{MaxWait: 30 * time.Second})
	p := &slowCounter{inner: &streamCounter{name: "counter", prefix: "live"}, delay: 15 * time.Millisecond}
	time.Sleep(30 * time.Millisecond) // the backlog is older than CatchUp.Age: batches
	startRuntime(t, projections.Config{DB: e.db, Store: e.store, Progress: progress,
		CatchUp:    projections.CatchUpConfig{MaxDuration: 100 * time.Millisecond},
		Projectors: []projections.Projector{p}})
	if err := progress.WaitFor(t.Context(), "counter", head); err != nil {
		t.Fatal(err)
	}
	if got, want := e.fingerprint(t, "live"), e.rebuiltFingerprint(t); got != want {
		t.Fatalf("live view %s differs from rebuild %s", got, want)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	// 100 ms budget + the event in hand (~115 ms; a loaded machine gets
	// slack), far below the 1.8 s of one batch.
	if p.longest > time.Second {
		t.Fatalf("a projector transaction stayed open %s", p.longest)
	}
	t.Logf("longest projector transaction: %s", p.longest)
}
