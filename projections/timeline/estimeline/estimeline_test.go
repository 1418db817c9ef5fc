package estimeline_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/internal/searchtest"
	"github.com/parley-inbox/parley/projections/timeline"
	"github.com/parley-inbox/parley/projections/timeline/contract"
	"github.com/parley-inbox/parley/projections/timeline/estimeline"
)

func TestMain(m *testing.M) { pgtest.Main(searchtest.Wrap(m)) }

// newClient returns a client over fresh indexes of the test engine.
func newClient(t *testing.T, refresh bool) *estimeline.Client {
	t.Helper()
	url := searchtest.URL(t)
	c, err := estimeline.New(estimeline.Config{Addresses: []string{url}, Prefix: searchtest.Prefix(t) + "parley",
		OpenSearchCompat: true, RefreshOnWrite: refresh})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.DeleteAll(context.Background()); err != nil {
			t.Logf("delete indexes: %v", err)
		}
	})
	return c
}

func newAdapter(t *testing.T) contract.Adapter {
	c := newClient(t, false)
	return contract.Adapter{Docs: c.DocStore(), Reader: c, Sync: c.Refresh}
}

func TestContract(t *testing.T) { contract.Run(t, newAdapter) }

// TestSameAnswersAsPostgreSQL runs the oracle comparison: the PostgreSQL
// adapter and this one, on the same generated log.
func TestSameAnswersAsPostgreSQL(t *testing.T) {
	c := newClient(t, false)
	subject := contract.Adapter{Docs: c.DocStore(), Reader: c, Sync: c.Refresh}
	contract.Compare(t, pgOracle(t), subject)
}

// A conversation indexed since the last refresh already has a timeline (an
// empty page), not "no such conversation": the web opens conversations as
// soon as the inbox list shows them.
func TestConversationIndexedBeforeTheRefreshHasATimeline(t *testing.T) {
	c := newClient(t, false)
	ctx := context.Background()
	conv := timeline.Conversation{ID: "fresh-1", AccountID: "acct-1", InboxID: "in-1", Channel: "sms", Status: "open",
		Session: 1, OpenedAt: time.Now().UTC(), Version: 1}
	if err := c.DocStore().Write(ctx, timeline.Changes{Conversations: []timeline.Conversation{conv}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Timeline(ctx, "acct-1", "fresh-1", timeline.TimelineQuery{Newest: true}); err != nil {
		t.Fatalf("timeline of a conversation indexed a moment ago: %v", err)
	}
	if _, err := c.Timeline(ctx, "acct-2", "fresh-1", timeline.TimelineQuery{}); !errors.Is(err, timeline.ErrNotFound) {
		t.Fatalf("another account's conversation: %v, want ErrNotFound", err)
	}
}
