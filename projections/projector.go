package projections

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/eventstore"
)

// Projector is a read model fed from the event log. The runtime calls it with
// every event of the log in global-position order, one consumer per Name.
//
// Rules for implementations:
//   - Apply writes only through tx and never commits or rolls it back: the
//     runtime commits the view rows together with the checkpoint, so an event
//     takes effect exactly once even if it is delivered more than once.
//   - Guard every row write with the stream revision anyway (e.g. UPDATE ...
//     WHERE last_revision < $rev, or INSERT ... ON CONFLICT DO UPDATE ...
//     WHERE view.last_revision < EXCLUDED.last_revision). The checkpoint
//     already filters redelivery; the guard keeps a view correct when it is
//     rebuilt side by side, re-driven after a fix, or written by two versions.
//   - Apply is deterministic: the same event gives the same rows. Use the
//     event's Metadata.OccurredAt, never the clock.
//   - Returning an error means "cannot apply": the runtime retries with
//     backoff, then parks the event and halts this projector (it never skips
//     an event). An error for an unknown schema version is such an error.
//   - Handles is cheap and pure. Events it rejects are not passed to Apply but
//     their position is still checkpointed.
//   - Name is the checkpoint key and the Watermill topic/handler name; it must
//     stay the same across releases, or the projector replays from the start.
//
// A projector may also implement BatchApplier for fast rebuilds.
type Projector interface {
	Name() string
	Handles(eventType string) bool
	Apply(ctx context.Context, tx pgx.Tx, ev eventstore.RecordedEvent) error
}

// BatchApplier is an optional fast path: when several consecutive events are
// applied in one transaction (Rebuild does 2,000 at a time), the runtime hands
// all the handled ones, in order, to ApplyBatch instead of calling Apply per
// event. Implementations typically queue their statements in one pgx.Batch.
// ApplyBatch must give the same rows as calling Apply for each event.
type BatchApplier interface {
	ApplyBatch(ctx context.Context, tx pgx.Tx, evs []eventstore.RecordedEvent) error
}
