package inbox

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Swap makes the views rebuilt in schema from the live ones of schema to, in
// one transaction: to is renamed to "<to>_previous" (replacing an older
// one), from is renamed to to, and, when the projections runtime's
// checkpoint table exists, the checkpoint of NameFor(from) becomes that of
// NameFor(to). Stop the rebuild's projector first; the live projector may
// keep running (it waits on the checkpoint lock and continues from the
// rebuild's position). Renaming a schema invalidates every cached plan, so
// prepared statements on open connections resolve to the new tables (the
// swap test checks this with the same pool).
func Swap(ctx context.Context, pool *pgxpool.Pool, from, to string) error {
	for _, s := range []string{from, to} {
		if err := ValidateSchema(s); err != nil {
			return err
		}
	}
	if from == to {
		return fmt.Errorf("inbox: swap %s with itself", from)
	}
	prev := to + "_previous"
	if err := ValidateSchema(prev); err != nil {
		return err
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("inbox: swap: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	id := func(s string) string { return pgx.Identifier{s}.Sanitize() }
	var hasCheckpoints bool
	if err := tx.QueryRow(ctx, `SELECT to_regclass('projection_checkpoints') IS NOT NULL`).Scan(&hasCheckpoints); err != nil {
		return fmt.Errorf("inbox: swap: %w", err)
	}
	if hasCheckpoints {
		// Lock both checkpoints first, as the runtime does per transaction.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM projection_checkpoints WHERE name = ANY($1) ORDER BY name FOR UPDATE`,
			[]string{NameFor(from), NameFor(to)}); err != nil {
			return fmt.Errorf("inbox: swap: lock checkpoints: %w", err)
		}
	}
	stmts := []string{
		`DROP SCHEMA IF EXISTS ` + id(prev) + ` CASCADE`,
		`ALTER SCHEMA ` + id(to) + ` RENAME TO ` + id(prev),
		`ALTER SCHEMA ` + id(from) + ` RENAME TO ` + id(to),
	}
	for _, s := range stmts {
		if _, err := tx.Exec(ctx, s); err != nil {
			return fmt.Errorf("inbox: swap %s -> %s: %w", from, to, err)
		}
	}
	if hasCheckpoints {
		if err := swapCheckpoints(ctx, tx, NameFor(from), NameFor(to)); err != nil {
			return err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("inbox: swap: commit: %w", err)
	}
	return nil
}

func swapCheckpoints(ctx context.Context, tx pgx.Tx, from, to string) error {
	_, err := tx.Exec(ctx, `WITH src AS (DELETE FROM projection_checkpoints WHERE name = $1 RETURNING position, occurred_at)
INSERT INTO projection_checkpoints (name, position, occurred_at)
SELECT $2, position, occurred_at FROM src
ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, occurred_at = EXCLUDED.occurred_at, updated_at = now()`, from, to)
	if err != nil {
		return fmt.Errorf("inbox: swap checkpoint %s -> %s: %w", from, to, err)
	}
	return nil
}

// Fingerprint hashes every table of schema: the md5 of its rows' text forms
// in sorted order, keyed by table name. Two schemas built from the same
// events have equal fingerprints.
func Fingerprint(ctx context.Context, pool *pgxpool.Pool, schema string) (map[string]string, error) {
	if err := ValidateSchema(schema); err != nil {
		return nil, err
	}
	rows, err := pool.Query(ctx, `SELECT table_name FROM information_schema.tables
WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`, schema)
	if err != nil {
		return nil, fmt.Errorf("inbox: fingerprint %s: %w", schema, err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("inbox: fingerprint %s: %w", schema, err)
	}
	out := make(map[string]string, len(tables))
	for _, t := range tables {
		var sum string
		q := `SELECT md5(coalesce(string_agg(r, E'\n' ORDER BY r COLLATE "C"), '')) FROM (SELECT t::text AS r FROM ` +
			pgx.Identifier{schema, t}.Sanitize() + ` t) x`
		if err := pool.QueryRow(ctx, q).Scan(&sum); err != nil {
			return nil, fmt.Errorf("inbox: fingerprint %s.%s: %w", schema, t, err)
		}
		out[t] = sum
	}
	return out, nil
}
