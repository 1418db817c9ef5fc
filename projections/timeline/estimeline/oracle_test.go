package estimeline_test

import (
	"context"
	"testing"

	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/projections/timeline/contract"
	"github.com/parley-inbox/parley/projections/timeline/pgtimeline"
)

// pgOracle is the PostgreSQL adapter over a fresh database.
func pgOracle(t *testing.T) contract.Adapter {
	t.Helper()
	ctx := context.Background()
	db := pgtest.Pool(t)
	if err := pgtimeline.Migrate(ctx, db, ""); err != nil {
		t.Fatal(err)
	}
	s, err := pgtimeline.NewStore(db, "")
	if err != nil {
		t.Fatal(err)
	}
	return contract.Adapter{Docs: s.DocStore(), Reader: s}
}
