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
	var pos int64
	err := tx.QueryRow(ctx, `INSERT INTO projection_checkpoints AS c (name, position) VALUES ($1, 0)
ON CONFLICT (name) DO UPDATE SET name = c.name
RETURNING c.position`, name).Scan(&pos)
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
	var occ *time.Time
	if !occurredAt.IsZero() {
		occ = &occurredAt
	}
	_, err = tx.Exec(ctx, `WITH c AS (
    UPDATE projection_checkpoints SET position = $2, occurred_at = $3, updated_at = now() WHERE name = $1 RETURNING 1)
SELECT pg_notify('`+NotifyChannel+`', $4) FROM c`, name, int64(position), occ, string(notice))
	if err != nil {
		return fmt.Errorf("projections: store checkpoint %q at %d: %w", name, position, err)
	}
	return nil
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
// starts from the beginning of the log. The caller empties the views.
func ResetCheckpoint(ctx context.Context, db *pgxpool.Pool, name string) error {
	if _, err := db.Exec(ctx, `DELETE FROM projection_checkpoints WHERE name = $1`, name); err != nil {
		return fmt.Errorf("projections: reset checkpoint %q: %w", name, err)
	}
	return nil
}
