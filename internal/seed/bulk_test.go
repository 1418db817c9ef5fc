package seed_test

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/internal/seed"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// oneAtATime hides the store's bulk append, forcing the per-stream path.
type oneAtATime struct{ eventstore.Store }

// Bulk seeding writes the same streams as stream-by-stream seeding, and a
// rerun of the same seed appends nothing twice.
func TestBulkSeedEqualsStreamByStreamSeed(t *testing.T) {
	ctx := t.Context()
	opts := seed.SeedOptions{Conversations: 230, Accounts: 3, Seed: 11, Chunk: 40, Workers: 3}
	bulk := newStore(t)
	for range 2 {
		if err := seed.Seed(ctx, bulk, opts, nil); err != nil {
			t.Fatal(err)
		}
	}
	single := newStore(t)
	if err := seed.Seed(ctx, oneAtATime{single}, opts, nil); err != nil {
		t.Fatal(err)
	}
	got, want := streams(t, bulk), streams(t, single)
	if len(got) != len(want) {
		t.Fatalf("bulk seed wrote %d events, stream by stream %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("event %d: bulk %s, stream by stream %s", i, got[i], want[i])
		}
	}
	if b, err := bulk.VerifyChain(ctx, ""); err != nil || b != nil {
		t.Fatalf("hash chains after bulk seed: %v, %v", b, err)
	}
}

func newStore(t *testing.T) *postgres.Store {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.Pool(t)
	if err := postgres.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	s, err := postgres.New(ctx, pool, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// streams lists the log's events as "stream@revision id type", sorted.
func streams(t *testing.T, s *postgres.Store) []string {
	t.Helper()
	if err := s.Settle(t.Context()); err != nil {
		t.Fatal(err)
	}
	evs, err := s.ReadAll(t.Context(), 0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(evs))
	for i, ev := range evs {
		out[i] = fmt.Sprintf("%s@%d %s %s", ev.Stream, ev.Revision, ev.ID, ev.Type)
	}
	sort.Strings(out)
	return out
}
