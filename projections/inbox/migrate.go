package inbox

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrate creates the views of schema. Every statement is idempotent, so it
// runs all files each time, under an advisory lock so concurrent starts
// serialise.
func Migrate(ctx context.Context, pool *pgxpool.Pool, schema string) error {
	if err := ValidateSchema(schema); err != nil {
		return err
	}
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("inbox: list migrations: %w", err)
	}
	sort.Strings(files)
	tx, err := pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("inbox: migrate %s: %w", schema, err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('parley.inbox.migrate'))`); err != nil {
		return fmt.Errorf("inbox: migrate %s: lock: %w", schema, err)
	}
	for _, f := range files {
		b, err := migrations.ReadFile(f)
		if err != nil {
			return fmt.Errorf("inbox: read %s: %w", f, err)
		}
		sql := strings.ReplaceAll(string(b), "{{schema}}", pgx.Identifier{schema}.Sanitize())
		if _, err := tx.Exec(ctx, sql); err != nil {
			return fmt.Errorf("inbox: migrate %s: %s: %w", schema, f, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("inbox: migrate %s: commit: %w", schema, err)
	}
	return nil
}

// Drop deletes schema and every view in it (e.g. a failed rebuild).
func Drop(ctx context.Context, pool *pgxpool.Pool, schema string) error {
	if err := ValidateSchema(schema); err != nil {
		return err
	}
	if _, err := pool.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
		return fmt.Errorf("inbox: drop %s: %w", schema, err)
	}
	return nil
}
