package estimeline_test

import (
	"context"
	"testing"

	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/internal/searchtest"
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
