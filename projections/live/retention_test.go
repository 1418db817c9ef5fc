package live_test

import (
	"slices"
	"testing"
	"time"

	"github.com/parley-inbox/parley/projections/live"
)

func TestCleanupKeepsTheNewestRows(t *testing.T) {
	e := newEnv(t)
	applyDirect(t, e.db, recorded("acme", "c1", 1, 5))
	all := seqs(t, e.db, "acme")
	n, err := live.Cleanup(t.Context(), e.db, live.Retention{MaxRows: 2, ChunkRows: 2})
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Fatalf("deleted %d, want 3", n)
	}
	if got := seqs(t, e.db, "acme"); !slices.Equal(got, all[3:]) {
		t.Fatalf("kept %v, want %v", got, all[3:])
	}
	if h, err := live.Horizon(t.Context(), e.db); err != nil || h != all[2] {
		t.Fatalf("horizon = %d, %v; want %d", h, err, all[2])
	}
	if n, err := live.Cleanup(t.Context(), e.db, live.Retention{MaxRows: 2}); err != nil || n != 0 {
		t.Fatalf("second cleanup deleted %d, %v", n, err)
	}
}

func TestCleanupDropsOldRowsAndLatestSeqSurvives(t *testing.T) {
	e := newEnv(t)
	applyDirect(t, e.db, recorded("acme", "c1", 1, 3))
	all := seqs(t, e.db, "acme")
	if _, err := e.db.Exec(t.Context(), `UPDATE live_changes SET created_at = now() - interval '48 hours'`); err != nil {
		t.Fatal(err)
	}
	n, err := live.Cleanup(t.Context(), e.db, live.Retention{MaxAge: 24 * time.Hour})
	if err != nil || n != 3 {
		t.Fatalf("deleted %d, %v; want 3", n, err)
	}
	// With every row gone the newest seq is still known, so a hub starting
	// now does not hand out old ids again.
	if latest, err := live.LatestSeq(t.Context(), e.db); err != nil || latest != all[2] {
		t.Fatalf("latest = %d, %v; want %d", latest, err, all[2])
	}
}
