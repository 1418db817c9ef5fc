package inbox

import (
	"context"
	"testing"
)

// A rebuild written side by side replaces the live views in one swap, and
// its checkpoint becomes the live projector's.
func TestSwapReplacesLiveViewsWithRebuild(t *testing.T) {
	ctx := context.Background()
	evs := generated(t, 60, 1)
	pool := newDB(t, "inbox", "inbox_rebuild")
	project(t, pool, newProjector(t, "inbox"), evs[:len(evs)/2], 10) // a stale live view
	project(t, pool, newProjector(t, "inbox_rebuild"), evs, 100)
	rebuilt := fingerprint(t, pool, "inbox_rebuild")
	stale := fingerprint(t, pool, "inbox")
	if _, err := pool.Exec(ctx, `CREATE TABLE projection_checkpoints (name text PRIMARY KEY, position bigint NOT NULL,
occurred_at timestamptz, updated_at timestamptz NOT NULL DEFAULT now());
INSERT INTO projection_checkpoints (name, position) VALUES ('inbox', 5), ('inbox@inbox_rebuild', 42)`); err != nil {
		t.Fatal(err)
	}
	if err := Swap(ctx, pool, "inbox_rebuild", "inbox"); err != nil {
		t.Fatal(err)
	}
	sameFingerprints(t, "live after swap", rebuilt, fingerprint(t, pool, "inbox"))
	sameFingerprints(t, "previous after swap", stale, fingerprint(t, pool, "inbox_previous"))
	var live int64
	var rebuildLeft bool
	if err := pool.QueryRow(ctx, `SELECT (SELECT position FROM projection_checkpoints WHERE name = 'inbox'),
EXISTS (SELECT 1 FROM projection_checkpoints WHERE name = 'inbox@inbox_rebuild')`).Scan(&live, &rebuildLeft); err != nil {
		t.Fatal(err)
	}
	if live != 42 || rebuildLeft {
		t.Errorf("after swap: live checkpoint %d (want 42), rebuild checkpoint left: %v", live, rebuildLeft)
	}
	// The live projector keeps applying into the swapped-in views.
	project(t, pool, newProjector(t, "inbox"), evs, 100)
	sameFingerprints(t, "live re-applied", rebuilt, fingerprint(t, pool, "inbox"))
	if err := Swap(ctx, pool, "inbox", "inbox"); err == nil {
		t.Error("swapping a schema with itself succeeded")
	}
	if err := Swap(ctx, pool, "inbox_rebuild", "inbox; drop"); err == nil {
		t.Error("an invalid schema name was accepted")
	}
}
