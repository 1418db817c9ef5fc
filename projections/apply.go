package projections

import (
	"context"
	"fmt"
	"runtime/debug"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
)

// applied says what one transaction did.
type applied struct {
	Position  uint64 // checkpoint after the transaction
	Handled   int    // events passed to the projector
	Unhandled int    // events the projector does not handle (checkpointed only)
	Duplicate int    // events at or below the stored checkpoint (skipped)
}

// applyEvents applies consecutive events (in position order) to p in one
// transaction together with checkpoint name. Events at or below the stored
// checkpoint were applied before and are skipped.
//
// A projector that takes events one at a time stops once budget (if
// positive) has passed and commits what it applied: the transaction holds
// the event store's read horizon — every reader's, every projector's —
// while it runs, so a slow projector must not keep it for seconds. The
// caller goes on from the returned checkpoint.
func applyEvents(ctx context.Context, db *pgxpool.Pool, p Projector, name string, evs []eventstore.RecordedEvent, budget time.Duration) (applied, error) {
	start := time.Now()
	var res applied
	tx, err := db.Begin(ctx)
	if err != nil {
		return res, fmt.Errorf("projections: %s: begin: %w", name, err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if len(evs) == 1 {
		return applyOne(ctx, tx, p, name, evs[0])
	}
	cp, err := lockCheckpoint(ctx, tx, name)
	if err != nil {
		return res, err
	}
	res.Position = cp
	handled := classify(p, evs, cp, &res)
	if res.Duplicate == len(evs) {
		return res, nil
	}
	last := evs[len(evs)-1]
	if _, batches := p.(BatchApplier); batches || budget <= 0 {
		if err := applyHandled(ctx, tx, p, handled); err != nil {
			return res, fmt.Errorf("projections: %s: %w", name, err)
		}
	} else {
		for i := range handled {
			if err := applyHandled(ctx, tx, p, handled[i:i+1]); err != nil {
				return res, fmt.Errorf("projections: %s: %w", name, err)
			}
			if i < len(handled)-1 && time.Since(start) >= budget {
				last = handled[i]
				evs = evs[:slices.IndexFunc(evs, func(e eventstore.RecordedEvent) bool { return e.Position == last.Position })+1]
				res = applied{Position: cp}
				handled = classify(p, evs, cp, &res)
				break
			}
		}
	}
	if err := storeCheckpoint(ctx, tx, name, last.Position, last.Metadata.OccurredAt); err != nil {
		return res, err
	}
	if err := tx.Commit(ctx); err != nil {
		return res, fmt.Errorf("projections: %s: commit at %d: %w", name, last.Position, err)
	}
	res.Position, res.Handled = last.Position, len(handled)
	return res, nil
}

// classify counts in res the events of evs at or below the checkpoint cp
// (duplicates) and those p does not handle, and returns the rest.
func classify(p Projector, evs []eventstore.RecordedEvent, cp uint64, res *applied) []eventstore.RecordedEvent {
	handled := make([]eventstore.RecordedEvent, 0, len(evs))
	for _, ev := range evs {
		switch {
		case ev.Position <= cp:
			res.Duplicate++
		case p.Handles(ev.Type):
			handled = append(handled, ev)
		default:
			res.Unhandled++
		}
	}
	return handled
}

// applyHandled passes evs to p. A panic in p becomes an error here, so a
// failed catch-up batch falls back to single events like any failed batch.
func applyHandled(ctx context.Context, tx pgx.Tx, p Projector, evs []eventstore.RecordedEvent) (err error) {
	if len(evs) == 0 {
		return nil
	}
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("apply %d..%d: panic: %v\n%s", evs[0].Position, evs[len(evs)-1].Position, v, debug.Stack())
		}
	}()
	if b, ok := p.(BatchApplier); ok && len(evs) > 1 {
		if err := b.ApplyBatch(ctx, tx, evs); err != nil {
			return fmt.Errorf("apply batch %d..%d: %w", evs[0].Position, evs[len(evs)-1].Position, err)
		}
		return nil
	}
	for _, ev := range evs {
		if err := p.Apply(ctx, tx, ev); err != nil {
			return fmt.Errorf("apply %s %s@%d (position %d): %w", ev.Type, ev.Stream, ev.Revision, ev.Position, err)
		}
	}
	return nil
}

// applyOne is applyEvents for one event, a round trip shorter: the checkpoint
// is advanced first (it is one transaction either way) and tells whether the
// event is a duplicate.
func applyOne(ctx context.Context, tx pgx.Tx, p Projector, name string, ev eventstore.RecordedEvent) (applied, error) {
	advanced, err := advanceCheckpoint(ctx, tx, name, ev.Position, ev.Metadata.OccurredAt)
	if err != nil {
		return applied{}, err
	}
	if !advanced {
		return applied{Duplicate: 1}, nil
	}
	res := applied{Position: ev.Position, Unhandled: 1}
	if p.Handles(ev.Type) {
		if err := applyHandled(ctx, tx, p, []eventstore.RecordedEvent{ev}); err != nil {
			return applied{}, fmt.Errorf("projections: %s: %w", name, err)
		}
		res.Handled, res.Unhandled = 1, 0
	}
	if err := tx.Commit(ctx); err != nil {
		return applied{}, fmt.Errorf("projections: %s: commit at %d: %w", name, ev.Position, err)
	}
	return res, nil
}
