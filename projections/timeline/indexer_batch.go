package timeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections"
)

// process indexes one batch and then stores its checkpoint, retrying while
// the engine or the database is unavailable.
func (x *Indexer) process(ctx context.Context, evs []eventstore.RecordedEvent) error {
	last := evs[len(evs)-1]
	err := x.retry(ctx, "index", func() error {
		_, err := x.cfg.Folder.Project(ctx, x.cfg.Docs, evs)
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return x.park(ctx, evs, err)
	}
	err = x.retry(ctx, "checkpoint", func() error {
		return x.storeCheckpoint(ctx, last.Position, last.Metadata.OccurredAt)
	})
	if err != nil {
		return err
	}
	if x.cfg.Progress != nil {
		x.cfg.Progress.Observe(x.cfg.Name, last.Position)
	}
	return nil
}

// retry runs fn until it succeeds, ctx ends, or it fails with an error that
// retrying cannot fix (anything but ErrUnavailable or a database outage).
func (x *Indexer) retry(ctx context.Context, what string, fn func() error) error {
	wait := x.cfg.MinBackoff
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil {
			if attempt > 1 {
				x.log.Info("timeline: indexer recovered", slog.String("step", what), slog.Int("attempts", attempt))
			}
			return nil
		}
		if !errors.Is(err, ErrUnavailable) && what == "index" {
			return err
		}
		x.log.Warn("timeline: indexer waiting for the store", slog.String("step", what),
			slog.Int("attempt", attempt), slog.Duration("retry_in", wait), slog.Any("error", err))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, x.cfg.MaxBackoff)
	}
}

// storeCheckpoint moves the checkpoint forward (never back) and announces
// it on projections.NotifyChannel, as the PostgreSQL projectors do.
func (x *Indexer) storeCheckpoint(ctx context.Context, position uint64, occurredAt time.Time) error {
	notice, err := json.Marshal(projections.ProgressNotice{Projector: x.cfg.Name, Position: position})
	if err != nil {
		return fmt.Errorf("timeline: encode notice: %w", err)
	}
	_, err = x.cfg.DB.Exec(ctx, `WITH c AS (
    INSERT INTO projection_checkpoints AS c (name, position, occurred_at) VALUES ($1, $2, $3)
    ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, occurred_at = EXCLUDED.occurred_at, updated_at = now()
    WHERE c.position < EXCLUDED.position
    RETURNING 1)
SELECT pg_notify('`+projections.NotifyChannel+`', $4) FROM c`, x.cfg.Name, int64(position), occurredAt, string(notice))
	if err != nil {
		return fmt.Errorf("timeline: indexer %s: store checkpoint %d: %w", x.cfg.Name, position, err)
	}
	return nil
}

// park records the first event of a batch that cannot be indexed, as the
// projection runtime does, and halts the indexer.
func (x *Indexer) park(ctx context.Context, evs []eventstore.RecordedEvent, cause error) error {
	ev := evs[0]
	for _, e := range evs { // find the culprit: the first event that fails alone
		if _, err := x.cfg.Folder.Fold(ctx, x.cfg.Docs, []eventstore.RecordedEvent{e}); err != nil {
			ev = e
			break
		}
	}
	_, err := x.cfg.DB.Exec(ctx, `INSERT INTO parked_events (projector, position, event_id, stream, event_type, error)
VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, x.cfg.Name, int64(ev.Position), ev.ID, ev.Stream, ev.Type, cause.Error())
	x.log.Error("timeline: event parked, indexer halted until unparked", slog.Uint64("position", ev.Position),
		slog.String("event_id", ev.ID.String()), slog.String("stream", ev.Stream), slog.String("type", ev.Type),
		slog.Any("error", cause))
	if err != nil {
		return fmt.Errorf("%w: %w (and parking failed: %w)", ErrHalted, cause, err)
	}
	return fmt.Errorf("%w: position %d: %w", ErrHalted, ev.Position, cause)
}

func (x *Indexer) checkParked(ctx context.Context) error {
	var pos int64
	err := x.cfg.DB.QueryRow(ctx, `SELECT position FROM parked_events WHERE projector = $1 ORDER BY position LIMIT 1`, x.cfg.Name).Scan(&pos)
	if err == nil {
		return fmt.Errorf("%w: position %d is parked", ErrHalted, pos)
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("timeline: indexer %s: read parked events: %w", x.cfg.Name, err)
	}
	return nil
}
