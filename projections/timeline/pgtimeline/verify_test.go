package pgtimeline_test

import (
	"context"
	"testing"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/projections/timeline/contract"
	"github.com/parley-inbox/parley/projections/timeline/pgtimeline"
)

// TestVerifyRepairs: documents lost or left stale are found by Verify and
// put back by its repair.
func TestVerifyRepairs(t *testing.T) {
	ctx := context.Background()
	db := pgtest.Pool(t)
	if err := postgres.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := pgtimeline.Migrate(ctx, db, ""); err != nil {
		t.Fatal(err)
	}
	log, err := postgres.New(ctx, db, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(log.Close)
	for _, ev := range contract.Scenario(t) {
		if _, err := log.Append(ctx, ev.Stream, eventstore.Any(), []eventstore.EventData{ev.EventData}); err != nil {
			t.Fatal(err)
		}
	}
	if err := log.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	evs, err := log.ReadAll(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	s, err := pgtimeline.NewStore(db, "")
	if err != nil {
		t.Fatal(err)
	}
	contract.Project(t, contract.Adapter{Docs: s.DocStore(), Reader: s}, evs, 6)
	folder := contract.NewFolder(t)
	if rep, err := folder.Verify(ctx, log, s.DocStore(), false); err != nil || !rep.OK() || rep.Checked == 0 {
		t.Fatalf("fresh projection: %+v %v", rep, err)
	}
	if _, err := db.Exec(ctx, `DELETE FROM timeline_entries WHERE id = 'c1:m:m2'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `UPDATE timeline_sessions SET version = 1, doc = jsonb_set(doc, '{version}', '1') WHERE id = 'c1:s1'`); err != nil {
		t.Fatal(err)
	}
	rep, err := folder.Verify(ctx, log, s.DocStore(), true)
	if err != nil || len(rep.Missing) != 1 || len(rep.Stale) != 1 || rep.Repaired != 2 {
		t.Fatalf("after damage: %+v %v", rep, err)
	}
	if rep, err := folder.Verify(ctx, log, s.DocStore(), false); err != nil || !rep.OK() {
		t.Fatalf("after repair: %+v %v", rep, err)
	}
}
