// Package contract is the one test suite every timeline adapter passes
// (like watermill's pubsub/tests): Run checks an adapter's answers against
// a hand-made scenario, and Compare requires an adapter to give the same
// answers as the oracle (the PostgreSQL adapter) on a generated log.
package contract

import (
	"context"
	"testing"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections/timeline"
)

// Adapter is one adapter under test, over empty storage.
type Adapter struct {
	Docs   timeline.DocStore
	Reader timeline.Reader
	// Sync makes written documents visible to Reader (an index refresh);
	// nil when writes are visible at once.
	Sync func(ctx context.Context) error
}

// Factory returns a new adapter over empty storage for t.
type Factory func(t *testing.T) Adapter

// PhoneKey is the phone-hash key the suite's folders use.
const PhoneKey = "contract-suite-key"

// NewFolder is the folder the suite projects with.
func NewFolder(t testing.TB) *timeline.Folder {
	t.Helper()
	f, err := timeline.NewFolder(timeline.NewPhoneHasher([]byte(PhoneKey)))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// Project folds evs into a in batches of batch events, then syncs.
func Project(t testing.TB, a Adapter, evs []eventstore.RecordedEvent, batch int) {
	t.Helper()
	ctx := context.Background()
	f := NewFolder(t)
	for i := 0; i < len(evs); i += batch {
		if _, err := f.Project(ctx, a.Docs, evs[i:min(i+batch, len(evs))]); err != nil {
			t.Fatalf("project events %d..: %v", i, err)
		}
	}
	if a.Sync != nil {
		if err := a.Sync(ctx); err != nil {
			t.Fatalf("sync: %v", err)
		}
	}
}

// Run runs the behaviour suite against adapters made by newAdapter.
func Run(t *testing.T, newAdapter Factory) {
	t.Run("timeline pages and filters", func(t *testing.T) { t.Parallel(); testTimeline(t, newAdapter(t)) })
	t.Run("search", func(t *testing.T) { t.Parallel(); testSearch(t, newAdapter(t)) })
	t.Run("metrics", func(t *testing.T) { t.Parallel(); testMetrics(t, newAdapter(t)) })
	t.Run("replay and stale writes are no-ops", func(t *testing.T) { t.Parallel(); testReplay(t, newAdapter(t)) })
	t.Run("no raw phone numbers", func(t *testing.T) { t.Parallel(); testPhones(t, newAdapter(t)) })
}
