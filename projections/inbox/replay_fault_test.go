package inbox

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections"
)

// twice delivers every event twice in the same transaction (the revision
// guards must ignore the second copy).
type twice struct{ *Projector }

func (d twice) Apply(ctx context.Context, tx pgx.Tx, ev eventstore.RecordedEvent) error {
	return d.ApplyBatch(ctx, tx, []eventstore.RecordedEvent{ev})
}

func (d twice) ApplyBatch(ctx context.Context, tx pgx.Tx, evs []eventstore.RecordedEvent) error {
	doubled := make([]eventstore.RecordedEvent, 0, 2*len(evs))
	for _, ev := range evs {
		doubled = append(doubled, ev, ev)
	}
	if err := d.Projector.ApplyBatch(ctx, tx, doubled); err != nil {
		return err
	}
	for _, ev := range evs { // and once more one by one
		if err := d.Projector.Apply(ctx, tx, ev); err != nil {
			return err
		}
	}
	return nil
}

// Re-ordered delivery across streams cannot happen through the ordered
// subscription, so the views are checked against duplicates instead: every
// event delivered twice, then the log replayed again from older
// checkpoints (a mid-log position, then the start) over the existing views,
// by the runtime and by Rebuild. The views stay equal to a from-scratch
// rebuild throughout.
func TestInboxViewsIgnoreDuplicatesAndReplaysFromOlderCheckpoints(t *testing.T) {
	ctx := t.Context()
	f := newFaultLog(t, 120)
	if !f.runUntil(t, twice{newProjector(t, DefaultSchema)}, 64, nil) {
		t.Fatal("the live views did not reach the head")
	}
	f.assertEqualsScratch(t, "every event twice")

	evs, err := f.store.ReadAll(ctx, 0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	for _, back := range []struct {
		name     string
		position uint64
		catchUp  int // 0: Rebuild instead of the runtime
	}{
		{"runtime from the middle, catching up in batches", evs[len(evs)/2].Position, 64},
		{"runtime from a third, one event per transaction", evs[len(evs)/3].Position, 1},
		{"Rebuild from the start", 0, 0},
	} {
		if _, err := f.pool.Exec(ctx, `UPDATE projection_checkpoints SET position = $2 WHERE name = $1`, "inbox", int64(back.position)); err != nil {
			t.Fatal(err)
		}
		if back.catchUp == 0 {
			if _, err := projections.Rebuild(ctx, f.pool, f.store, newProjector(t, DefaultSchema), projections.RebuildOptions{BatchSize: 333}); err != nil {
				t.Fatal(err)
			}
		} else if !f.runUntil(t, newProjector(t, DefaultSchema), back.catchUp, nil) {
			t.Fatalf("%s: did not reach the head", back.name)
		}
		f.assertEqualsScratch(t, back.name)
	}
}
