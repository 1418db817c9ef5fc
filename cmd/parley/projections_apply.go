package main

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections/inbox"
)

// The rebuild's catch-ups apply events inside transactions it controls (the
// swap's happens in the transaction that holds Swap back), so it cannot use
// projections.Rebuild there; these helpers keep the runtime's rule: view
// rows and checkpoint in one transaction, under the checkpoint's row lock.

// ensureCheckpoint creates name's checkpoint at 0 if it has none, so that
// its row can be locked.
func ensureCheckpoint(ctx context.Context, pool *pgxpool.Pool, name string) error {
	if _, err := pool.Exec(ctx, `INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, name); err != nil {
		return fmt.Errorf("rebuild: create checkpoint %q: %w", name, err)
	}
	return nil
}

// lockCheckpointRow locks name's checkpoint row until tx ends and returns
// its position.
func lockCheckpointRow(ctx context.Context, tx pgx.Tx, name string) (uint64, error) {
	var pos int64
	err := tx.QueryRow(ctx, `INSERT INTO projection_checkpoints AS c (name, position) VALUES ($1, 0)
ON CONFLICT (name) DO UPDATE SET name = c.name RETURNING c.position`, name).Scan(&pos)
	if err != nil {
		return 0, fmt.Errorf("rebuild: lock checkpoint %q: %w", name, err)
	}
	return uint64(pos), nil
}

// applyRange applies the log's events in (after, upTo] to p inside tx and
// moves p's checkpoint (locked by tx) to upTo. It returns the events read.
func applyRange(ctx context.Context, tx pgx.Tx, store eventstore.Store, p *inbox.Projector, after, upTo uint64) (int, error) {
	if after >= upTo {
		return 0, nil
	}
	n := 0
	var occurred time.Time
	for pos := after; pos < upTo; {
		evs, err := store.ReadAll(ctx, pos, 1000)
		if err != nil {
			return n, fmt.Errorf("rebuild: read log after %d: %w", pos, err)
		}
		if len(evs) == 0 {
			return n, fmt.Errorf("rebuild: the log ends at %d, before position %d", pos, upTo)
		}
		handled := make([]eventstore.RecordedEvent, 0, len(evs))
		for _, ev := range evs {
			if ev.Position > upTo {
				break
			}
			pos, occurred = ev.Position, ev.Metadata.OccurredAt
			n++
			if p.Handles(ev.Type) {
				handled = append(handled, ev)
			}
		}
		if len(handled) > 0 {
			if err := p.ApplyBatch(ctx, tx, handled); err != nil {
				return n, fmt.Errorf("rebuild: apply %d..%d: %w", handled[0].Position, handled[len(handled)-1].Position, err)
			}
		}
		if evs[len(evs)-1].Position > upTo {
			break
		}
	}
	var at *time.Time
	if !occurred.IsZero() {
		at = &occurred
	}
	_, err := tx.Exec(ctx, `UPDATE projection_checkpoints SET position = $2, occurred_at = coalesce($3, occurred_at), updated_at = now() WHERE name = $1`,
		p.Name(), int64(upTo), at)
	if err != nil {
		return n, fmt.Errorf("rebuild: checkpoint %q at %d: %w", p.Name(), upTo, err)
	}
	return n, nil
}
