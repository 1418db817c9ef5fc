package postgres

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/eventstore"
)

const eventColumns = `position, stream_id, revision, id, type, schema_version, data, metadata, recorded_at`

// horizonSQL is the first position readers may not see yet: events of
// transactions at or above the oldest running transaction id. Any
// long-running writing transaction in the cluster holds it back, delaying
// (never losing) what ReadAll and SubscribeAll return.
const horizonSQL = `(SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint) << 20)`

const (
	readForwardSQL  = `SELECT ` + eventColumns + ` FROM eventstore.events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`
	readBackwardSQL = `SELECT ` + eventColumns + ` FROM eventstore.events WHERE stream_id = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3`
	streamExistsSQL = `SELECT EXISTS (SELECT 1 FROM eventstore.streams WHERE stream_id = $1 AND revision >= 0)`
	readAllSQL      = `SELECT ` + eventColumns + ` FROM eventstore.events WHERE position > $1 AND position < ` + horizonSQL + ` ORDER BY position LIMIT $2`
	anyAfterSQL     = `SELECT EXISTS (SELECT 1 FROM eventstore.events WHERE position > $1)`
)

// querier is what reads need of a pool or a connection.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// ReadStream returns a stream's events by revision. Stream reads are not
// held back by the horizon: a stream's revisions commit in order.
func (s *Store) ReadStream(ctx context.Context, stream string, opts eventstore.ReadStreamOptions) ([]eventstore.RecordedEvent, error) {
	var limit *int64
	if opts.Limit > 0 {
		l := int64(opts.Limit)
		limit = &l
	}
	from := min(opts.From, math.MaxInt64)
	var events []eventstore.RecordedEvent
	var err error
	switch {
	case opts.Direction == eventstore.Backwards && opts.FromEnd:
		events, err = collect(ctx, s.pool, readBackwardSQL, stream, int64(math.MaxInt64), limit)
	case opts.Direction == eventstore.Backwards:
		events, err = collect(ctx, s.pool, readBackwardSQL, stream, int64(from), limit)
	case opts.FromEnd: // forwards from the end: nothing follows the last event
	default:
		events, err = collect(ctx, s.pool, readForwardSQL, stream, int64(from), limit)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres eventstore: read stream %q: %w", stream, err)
	}
	if len(events) > 0 {
		return events, nil
	}
	var exists bool
	if err := s.pool.QueryRow(ctx, streamExistsSQL, stream).Scan(&exists); err != nil {
		return nil, fmt.Errorf("postgres eventstore: read stream %q: %w", stream, classify(err))
	}
	if !exists {
		return nil, fmt.Errorf("postgres eventstore: read stream %q: %w", stream, eventstore.ErrStreamNotFound)
	}
	return []eventstore.RecordedEvent{}, nil
}

// ReadAll returns up to limit events after position `after` that lie below
// the horizon (see the package comment), in position order. limit <= 0
// means Config.BatchSize.
func (s *Store) ReadAll(ctx context.Context, after uint64, limit int) ([]eventstore.RecordedEvent, error) {
	events, err := readAll(ctx, s.pool, after, s.limit(limit))
	if err != nil {
		return nil, fmt.Errorf("postgres eventstore: read all after %d: %w", after, err)
	}
	return events, nil
}

func (s *Store) limit(limit int) int {
	if limit <= 0 {
		return s.cfg.BatchSize
	}
	return limit
}

func readAll(ctx context.Context, q querier, after uint64, limit int) ([]eventstore.RecordedEvent, error) {
	return collect(ctx, q, readAllSQL, int64(min(after, math.MaxInt64)), limit)
}

// anyAfter reports whether any committed event lies after position, visible
// below the horizon or not.
func anyAfter(ctx context.Context, q querier, after uint64) (bool, error) {
	var found bool
	if err := q.QueryRow(ctx, anyAfterSQL, int64(min(after, math.MaxInt64))).Scan(&found); err != nil {
		return false, classify(err)
	}
	return found, nil
}

func collect(ctx context.Context, q querier, sql string, args ...any) ([]eventstore.RecordedEvent, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, classify(err)
	}
	events, err := pgx.CollectRows(rows, scanEvent)
	if err != nil {
		return nil, classify(err)
	}
	return events, nil
}

func scanEvent(row pgx.CollectableRow) (eventstore.RecordedEvent, error) {
	var e eventstore.RecordedEvent
	var position, revision int64
	var version int32
	err := row.Scan(&position, &e.Stream, &revision, &e.ID, &e.Type, &version, &e.Data, &e.Metadata, &e.RecordedAt)
	if err != nil {
		return e, fmt.Errorf("scan event: %w", err)
	}
	e.Position, e.Revision, e.SchemaVersion = uint64(position), uint64(revision), int(version)
	return e, nil
}

const (
	headSQL    = `SELECT coalesce(max(position), 0) FROM eventstore.events`
	settledSQL = `SELECT $1::bigint < ` + horizonSQL
)

// Settle waits until ReadAll and SubscribeAll can return every event that
// had committed when it was called: until no older transaction of the
// cluster (another append's, say, still writing its commit) holds the
// horizon below them. It is for callers that have just appended and read
// the log back at once — tests, tools — and gives up with ctx.
func (s *Store) Settle(ctx context.Context) error {
	var head int64
	if err := s.pool.QueryRow(ctx, headSQL).Scan(&head); err != nil {
		return fmt.Errorf("postgres eventstore: settle: %w", classify(err))
	}
	for wait := time.Millisecond; ; wait = min(2*wait, 50*time.Millisecond) {
		var settled bool
		if err := s.pool.QueryRow(ctx, settledSQL, head).Scan(&settled); err != nil {
			return fmt.Errorf("postgres eventstore: settle: %w", classify(err))
		}
		if settled {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("postgres eventstore: settle at %d: %w", head, ctx.Err())
		case <-time.After(wait):
		}
	}
}
