package estimeline_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/internal/searchtest"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/timeline"
	"github.com/parley-inbox/parley/projections/timeline/contract"
	"github.com/parley-inbox/parley/projections/timeline/estimeline"
)

// switchable is a transport to the real engine that can be cut off, as if
// the engine were down; it reports every refused request on failed.
type switchable struct {
	next   http.RoundTripper
	down   atomic.Bool
	failed chan struct{}
}

func (s *switchable) RoundTrip(r *http.Request) (*http.Response, error) {
	if s.down.Load() {
		select {
		case s.failed <- struct{}{}:
		default:
		}
		return nil, syscall.ECONNREFUSED
	}
	return s.next.RoundTrip(r)
}

func eventStore(t *testing.T) (*pgxpool.Pool, *postgres.Store) {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.Pool(t)
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
	t.Cleanup(store.Close)
	return pool, store
}

func readLog(t *testing.T, store *postgres.Store) []eventstore.RecordedEvent {
	t.Helper()
	if err := store.Settle(t.Context()); err != nil {
		t.Fatal(err)
	}
	var out []eventstore.RecordedEvent
	for {
		after := uint64(0)
		if len(out) > 0 {
			after = out[len(out)-1].Position
		}
		evs, err := store.ReadAll(context.Background(), after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) == 0 {
			return out
		}
		out = append(out, evs...)
	}
}

// TestIndexerWaitsOutAnOutage: while the engine is down the indexer keeps
// its checkpoint and reads answer ErrUnavailable; once it is back the
// indexer catches up from the checkpoint and the index answers as the
// PostgreSQL oracle does.
func TestIndexerWaitsOutAnOutage(t *testing.T) {
	url := searchtest.URL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	pool, store := eventStore(t)
	if err := seed.Seed(ctx, store, seed.SeedOptions{Conversations: 60, Accounts: 2, Seed: 11}, nil); err != nil {
		t.Fatal(err)
	}
	sw := &switchable{next: http.DefaultTransport.(*http.Transport).Clone(), failed: make(chan struct{}, 1)}
	c, err := estimeline.New(estimeline.Config{Addresses: []string{url}, Prefix: searchtest.Prefix(t) + "parley",
		OpenSearchCompat: true, Transport: sw})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.DeleteAll(context.Background()) }()
	folder := contract.NewFolder(t)
	progress := projections.NewProgress(pool, projections.ProgressConfig{MaxWait: time.Minute})
	ix, err := timeline.NewIndexer(timeline.IndexerConfig{DB: pool, Store: store, Docs: c.DocStore(), Folder: folder,
		BatchSize: 97, MinBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, Progress: progress})
	if err != nil {
		t.Fatal(err)
	}
	sw.down.Store(true)
	done := make(chan error, 1)
	go func() { done <- ix.Run(ctx) }()
	for range 3 {
		select {
		case <-sw.failed:
		case <-ctx.Done():
			t.Fatal("the indexer never tried the engine")
		}
	}
	if pos, err := projections.ReadCheckpoint(ctx, pool, ix.Name()); err != nil || pos != 0 {
		t.Fatalf("checkpoint moved while the engine was down: %d %v", pos, err)
	}
	if _, err := c.Timeline(ctx, seed.AccountID(0), "c1", timeline.TimelineQuery{}); !errors.Is(err, timeline.ErrUnavailable) {
		t.Fatalf("timeline while down: err = %v, want ErrUnavailable", err)
	}
	sw.down.Store(false)
	log := readLog(t, store)
	if err := progress.WaitFor(ctx, ix.Name(), log[len(log)-1].Position); err != nil {
		t.Fatalf("indexer did not catch up: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if err := c.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	oracle := pgOracle(t)
	contract.Project(t, oracle, log, 500)
	contract.Same(t, oracle, contract.Adapter{Docs: c.DocStore(), Reader: c}, log)
}
