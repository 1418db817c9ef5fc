package faults

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections"
)

// DuplicatingStore delivers every event of SubscribeAll twice, as an
// at-least-once transport may; everything else goes to the store.
type DuplicatingStore struct {
	eventstore.Store
	Delivered atomic.Int64
}

// SubscribeAll hands each event to handle twice in a row.
func (s *DuplicatingStore) SubscribeAll(ctx context.Context, after uint64, handle func(context.Context, eventstore.RecordedEvent) error) error {
	return s.Store.SubscribeAll(ctx, after, func(ctx context.Context, ev eventstore.RecordedEvent) error {
		for range 2 {
			s.Delivered.Add(1)
			if err := handle(ctx, ev); err != nil {
				return err
			}
		}
		return nil
	})
}

// Applier is a projector with the batch fast path (inbox and live have it).
type Applier interface {
	projections.Projector
	projections.BatchApplier
}

// Killer wraps a projector and calls Kill once the At-th event (counted
// over every projector sharing the same counter) is being applied: before
// the projector writes (Mode 0), after it wrote its rows but before the
// runtime stores the checkpoint and commits (Mode 1), or concurrently with
// the transaction (Mode 2).
type Killer struct {
	Applier
	Count *atomic.Int64
	At    int64
	Mode  int
	Kill  func()
}

// Apply implements projections.Projector.
func (k *Killer) Apply(ctx context.Context, tx pgx.Tx, ev eventstore.RecordedEvent) error {
	return k.ApplyBatch(ctx, tx, []eventstore.RecordedEvent{ev})
}

// ApplyBatch implements projections.BatchApplier.
func (k *Killer) ApplyBatch(ctx context.Context, tx pgx.Tx, evs []eventstore.RecordedEvent) error {
	n := int64(len(evs))
	before := k.Count.Add(n) - n
	if k.At <= before || k.At > before+n {
		return k.Applier.ApplyBatch(ctx, tx, evs)
	}
	switch k.Mode {
	case 0:
		k.Kill()
		return k.Applier.ApplyBatch(ctx, tx, evs)
	case 1:
		err := k.Applier.ApplyBatch(ctx, tx, evs)
		k.Kill()
		return err
	default:
		go k.Kill()
		return k.Applier.ApplyBatch(ctx, tx, evs)
	}
}

// Fixer stands for a fixed release of a projector: events whose id is in
// Repairs are rewritten (a corrected payload or version, as a patched
// upcaster would read them) before the wrapped projector sees them.
type Fixer struct {
	Applier
	mu      sync.Mutex
	repairs map[uuid.UUID]func(eventstore.RecordedEvent) eventstore.RecordedEvent
}

// NewFixer wraps p with no repairs yet.
func NewFixer(p Applier) *Fixer {
	return &Fixer{Applier: p, repairs: map[uuid.UUID]func(eventstore.RecordedEvent) eventstore.RecordedEvent{}}
}

// Repair adds the fix of one event.
func (f *Fixer) Repair(id uuid.UUID, fix func(eventstore.RecordedEvent) eventstore.RecordedEvent) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.repairs[id] = fix
}

// Apply implements projections.Projector.
func (f *Fixer) Apply(ctx context.Context, tx pgx.Tx, ev eventstore.RecordedEvent) error {
	return f.ApplyBatch(ctx, tx, []eventstore.RecordedEvent{ev})
}

// ApplyBatch implements projections.BatchApplier.
func (f *Fixer) ApplyBatch(ctx context.Context, tx pgx.Tx, evs []eventstore.RecordedEvent) error {
	f.mu.Lock()
	out := make([]eventstore.RecordedEvent, len(evs))
	for i, ev := range evs {
		out[i] = ev
		if fix, ok := f.repairs[ev.ID]; ok {
			out[i] = fix(ev)
		}
	}
	f.mu.Unlock()
	return f.Applier.ApplyBatch(ctx, tx, out)
}
