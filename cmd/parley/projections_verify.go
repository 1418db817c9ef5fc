package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/projections/inbox"
)

// verify compares the rebuilt views with the live ones at one position; see
// the protocol in projections_rebuild.go. A live projector behind the
// rebuild is waited for (LiveWait); with Force, a failed or impossible
// comparison is logged and the swap goes ahead.
func (r *inboxRebuild) verify(ctx context.Context, p *inbox.Projector) error {
	err := r.compare(ctx, p)
	if err != nil && r.opts.Force && ctx.Err() == nil {
		r.logger.Warn("inbox rebuild: swapping without a successful comparison (--force)", "error", err)
		return nil
	}
	return err
}

func (r *inboxRebuild) compare(ctx context.Context, p *inbox.Projector) error {
	liveName := inbox.NameFor(r.opts.Live)
	if err := ensureCheckpoint(ctx, r.pool, liveName); err != nil {
		return err
	}
	deadline := time.Now().Add(r.opts.LiveWait)
	for {
		snap, live, err := r.pauseAndAlign(ctx, p, liveName)
		if err != nil {
			return err
		}
		if snap != nil {
			defer func() { _ = snap.Rollback(context.WithoutCancel(ctx)) }()
			return r.fingerprints(ctx, snap, live)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the live projector stays at %d, behind the rebuild at %d: is it halted or not running? (see parley projections status)", live, r.state.Position)
		}
		select { // the live projector is behind the rebuild: give it time
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// pauseAndAlign holds the live checkpoint, brings the rebuild to the live
// position and opens a snapshot in which both are at it, then lets the live
// projector go. A nil snapshot means the live projector is behind the
// rebuild; live is its position.
func (r *inboxRebuild) pauseAndAlign(ctx context.Context, p *inbox.Projector, liveName string) (pgx.Tx, uint64, error) {
	pause, err := r.pool.Begin(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("rebuild: verify: %w", err)
	}
	defer func() { _ = pause.Rollback(context.WithoutCancel(ctx)) }()
	var live int64
	if err := pause.QueryRow(ctx, `SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE`, liveName).Scan(&live); err != nil {
		return nil, 0, fmt.Errorf("rebuild: pause the live projector: %w", err)
	}
	r.state.LivePosition = uint64(live)
	if r.state.Position > uint64(live) {
		return nil, uint64(live), nil
	}
	if err := r.catchUp(ctx, p, uint64(live)); err != nil {
		return nil, 0, err
	}
	snap, err := r.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, 0, fmt.Errorf("rebuild: verify: snapshot: %w", err)
	}
	var a, b int64 // the first statement takes the snapshot, while the live projector is paused
	err = snap.QueryRow(ctx, `SELECT (SELECT position FROM projection_checkpoints WHERE name = $1),
       (SELECT position FROM projection_checkpoints WHERE name = $2)`, liveName, p.Name()).Scan(&a, &b)
	if err == nil && a != b {
		err = fmt.Errorf("live at %d, rebuild at %d", a, b)
	}
	if err != nil {
		_ = snap.Rollback(context.WithoutCancel(ctx))
		return nil, 0, fmt.Errorf("rebuild: verify: snapshot: %w", err)
	}
	return snap, uint64(live), nil
}

// catchUp applies the events after the rebuild's position up to upTo, in
// one transaction of its own.
func (r *inboxRebuild) catchUp(ctx context.Context, p *inbox.Projector, upTo uint64) error {
	tx, err := r.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("rebuild: catch up: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	pos, err := lockCheckpointRow(ctx, tx, p.Name())
	if err != nil {
		return err
	}
	n, err := applyRange(ctx, tx, r.store, p, pos, upTo)
	if err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("rebuild: catch up: commit: %w", err)
	}
	r.state.Events += n
	r.state.Position = max(pos, upTo)
	return nil
}

// fingerprints compares both schemas inside snap.
func (r *inboxRebuild) fingerprints(ctx context.Context, snap pgx.Tx, at uint64) error {
	start := time.Now()
	live, err := fingerprintTx(ctx, snap, r.opts.Live)
	if err != nil {
		return err
	}
	rebuilt, err := fingerprintTx(ctx, snap, r.opts.Schema)
	if err != nil {
		return err
	}
	var diff []string
	for table, sum := range live {
		if rebuilt[table] != sum {
			diff = append(diff, fmt.Sprintf("%s: live %s, rebuilt %s", table, sum, rebuilt[table]))
		}
	}
	for table := range rebuilt {
		if _, ok := live[table]; !ok {
			diff = append(diff, table+": only in the rebuild")
		}
	}
	slices.Sort(diff)
	r.state.Differences = diff
	r.logger.Info("inbox rebuild: compared views", "position", at, "tables", len(live), "differences", len(diff),
		"duration", time.Since(start).Round(time.Millisecond))
	if len(diff) > 0 {
		return fmt.Errorf("%w at position %d: %v", errViewsDiffer, at, diff)
	}
	r.state.Verified = true
	return nil
}

// fingerprintTx sums the md5 of every row of every table of schema, inside
// tx's snapshot (inbox.Fingerprint reads through a pool, one snapshot per
// table, and aggregates one string per table, which outgrows PostgreSQL's
// 1 GB value limit near a million conversations). The sum does not depend
// on row order, so no sort is needed either.
func fingerprintTx(ctx context.Context, tx pgx.Tx, schema string) (map[string]string, error) {
	rows, err := tx.Query(ctx, `SELECT table_name FROM information_schema.tables
WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`, schema)
	if err != nil {
		return nil, fmt.Errorf("rebuild: fingerprint %s: %w", schema, err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("rebuild: fingerprint %s: %w", schema, err)
	}
	if len(tables) == 0 {
		return nil, fmt.Errorf("rebuild: fingerprint %s: %w", schema, errors.New("no tables"))
	}
	out := make(map[string]string, len(tables))
	for _, t := range tables {
		var sum string
		q := `SELECT count(*) || ':' || coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0)
       || ':' || coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0)
FROM (SELECT md5(t::text) AS h FROM ` + pgx.Identifier{schema, t}.Sanitize() + ` t) x`
		if err := tx.QueryRow(ctx, q).Scan(&sum); err != nil {
			return nil, fmt.Errorf("rebuild: fingerprint %s.%s: %w", schema, t, err)
		}
		out[t] = sum
	}
	return out, nil
}
