package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/contract"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestContract(t *testing.T) {
	contract.Run(t, func(t *testing.T) eventstore.Store {
		s, _ := newStore(t)
		return s
	})
}

// newStore migrates a fresh database and returns a store over it and its pool.
func newStore(t *testing.T) (*postgres.Store, *pgxpool.Pool) {
	t.Helper()
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	// One connection per racing writer of the contract suite: with fewer,
	// writers queue for a connection between their read and their append,
	// their reads go stale and conflicts multiply (pools open lazily).
	cfg.MaxConns = 50
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := postgres.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	s, err := postgres.New(ctx, pool, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s, pool
}
