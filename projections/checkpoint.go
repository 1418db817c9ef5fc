package projections

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// NotifyChannel is the PostgreSQL channel on which every committed
// checkpoint is announced, once per transaction, with a ProgressNotice.
const NotifyChannel = "parley_projection"

// ProgressNotice is the JSON payload of a NOTIFY on NotifyChannel.
type ProgressNotice struct {
	Projector string `json:"projector"`
	Position  uint64 `json:"position"`
}

// lockCheckpoint returns name's position (0 if new) and locks its row until
// tx ends, so two consumers of one checkpoint serialise and a redelivered
// event is recognised as already applied.
func lockCheckpoint(ctx context.Context, tx pgx.Tx, name string) (uint64, error) {
	b := &pgx.Batch{}
	b.Queue(asyncCommit)
	b.Queue(`INSERT INTO projection_checkpoints AS c (name, position) VALUES ($1, 0)
ON CONFLICT (name) DO UPDATE SET name = c.name
RETURNING c.position`, name)
	res := tx.SendBatch(ctx, b)
	defer func() { _ = res.Close() }()
	var pos int64
	_, err := res.Exec()
	if err == nil {
		err = res.QueryRow().Scan(&pos)
	}
	if err != nil {
		return 0, fmt.Errorf("projections: lock checkpoint %q: %w", name, err)
	}
	return uint64(pos), nil
}

// storeCheckpoint moves name to position and queues the NOTIFY that is sent
// when tx commits.
func storeCheckpoint(ctx context.Context, tx pgx.Tx, name string, position uint64, occurredAt time.Time) error {
	notice, err := json.Marshal(ProgressNotice{Projector: name, Position: position})
	if err != nil {
		return fmt.Errorf("projections: encode notice: %w", err)
	}
	_, err = tx.Exec(ctx, `WITH c AS (
    UPDATE projection_checkpoints SET position = $2, occurred_at = $3, updated_at = now() WHERE name = $1 RETURNING 1)
SELECT pg_notify('`+NotifyChannel+`', $4) FROM c`, name, int64(position), nullTime(occurredAt), string(notice))
	if err != nil {
		return fmt.Errorf("projections: store checkpoint %q at %d: %w", name, position, err)
	}
	return nil
}

// advanceCheckpoint moves name to position if it is below it, in one round
// trip together with the NOTIFY and the transaction's asynchronous commit. It
// reports false, leaving the checkpoint alone, when the event at position was
// applied already. The row stays locked until tx ends.
func advanceCheckpoint(ctx context.Context, tx pgx.Tx, name string, position uint64, occurredAt time.Time) (bool, error) {
	notice, err := json.Marshal(ProgressNotice{Projector: name, Position: position})
	if err != nil {
		return false, fmt.Errorf("projections: encode notice: %w", err)
	}
	b := &pgx.Batch{}
	b.Queue(asyncCommit)
	b.Queue(`WITH c AS (
    INSERT INTO projection_checkpoints AS c (name, position, occurred_at) VALUES ($1, $2, $3)
    ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, occurred_at = EXCLUDED.occurred_at, updated_at = now()
    WHERE c.position < EXCLUDED.position
    RETURNING 1)
SELECT pg_notify('`+NotifyChannel+`', $4) FROM c`, name, int64(position), nullTime(occurredAt), string(notice))
	res := tx.SendBatch(ctx, b)
	defer func() { _ = res.Close() }()
	if _, err := res.Exec(); err != nil {
		return false, fmt.Errorf("projections: checkpoint %q: %w", name, err)
	}
	var ignored any
	switch err := res.QueryRow().Scan(&ignored); {
	case errors.Is(err, pgx.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("projections: advance checkpoint %q to %d: %w", name, position, err)
	}
	return true, nil
}

// asyncCommit makes a projection transaction commit without waiting for its
// WAL flush: a crash may lose the last moments of view writes, but always
// together with their checkpoint, so they are applied again from the log.
const asyncCommit = `SET LOCAL synchronous_commit = off`

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// ReadCheckpoint returns name's committed position, 0 if it has none.
func ReadCheckpoint(ctx context.Context, db *pgxpool.Pool, name string) (uint64, error) {
	var pos int64
	err := db.QueryRow(ctx, `SELECT position FROM projection_checkpoints WHERE name = $1`, name).Scan(&pos)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("projections: read checkpoint %q: %w", name, err)
	}
	return uint64(pos), nil
}

// ResetCheckpoint deletes name's checkpoint so that its next run or rebuild
// starts from the beginning of the log. The caller empties the views, with
// every runtime of that projector stopped (a running one remembers what it
// committed) and Progress watchers restarted (positions never go back).
func ResetCheckpoint(ctx context.Context, db *pgxpool.Pool, name string) error {
	if _, err := db.Exec(ctx, `DELETE FROM projection_checkpoints WHERE name = $1`, name); err != nil {
		return fmt.Errorf("projections: reset checkpoint %q: %w", name, err)
	}
	return nil
}
