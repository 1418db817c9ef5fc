package pgtimeline_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/timeline/contract"
	"github.com/parley-inbox/parley/projections/timeline/pgtimeline"
)

// TestProjectorInTheRuntime: the projector, driven by projections.Rebuild
// (the runtime's batched path), builds the same read model as folding the
// log directly into tables of another prefix.
func TestProjectorInTheRuntime(t *testing.T) {
	ctx := context.Background()
	db := pgtest.Pool(t, postgres.Migrate, projections.Migrate, func(ctx context.Context, db *pgxpool.Pool) error { return pgtimeline.Migrate(ctx, db, "") }, func(ctx context.Context, db *pgxpool.Pool) error { return pgtimeline.Migrate(ctx, db, "timeline_v2") })
	log, err := postgres.New(ctx, db, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(log.Close)
	if err := seed.Seed(ctx, log, seed.SeedOptions{Conversations: 60, Accounts: 2, Seed: 11}, nil); err != nil {
		t.Fatal(err)
	}
	if err := log.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	p, err := pgtimeline.NewProjector("", "", contract.NewFolder(t))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := projections.Rebuild(ctx, db, log, p, projections.RebuildOptions{BatchSize: 137})
	if err != nil || prog.Events == 0 {
		t.Fatalf("rebuild: %+v %v", prog, err)
	}
	evs, err := log.ReadAll(ctx, 0, 100_000)
	if err != nil {
		t.Fatal(err)
	}
	live, err := pgtimeline.NewStore(db, "")
	if err != nil {
		t.Fatal(err)
	}
	direct, err := pgtimeline.NewStore(db, "timeline_v2")
	if err != nil {
		t.Fatal(err)
	}
	oracle := contract.Adapter{Docs: direct.DocStore(), Reader: direct}
	contract.Project(t, oracle, evs, 1000)
	contract.Same(t, oracle, contract.Adapter{Docs: live.DocStore(), Reader: live}, evs)
}
