package projections

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrate creates or upgrades the runtime's tables. It is idempotent and safe
// to run from several processes at once: it holds an advisory lock and records
// applied versions in projection_migrations(version, applied_at). Files are
// migrations/NNN_name.sql, applied in order, each in its own transaction.
func Migrate(ctx context.Context, db *pgxpool.Pool) error {
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("projections: list migrations: %w", err)
	}
	sort.Strings(files)
	for _, f := range files {
		if err := migrateOne(ctx, db, f); err != nil {
			return err
		}
	}
	return nil
}

func migrateOne(ctx context.Context, db *pgxpool.Pool, file string) error {
	base := strings.TrimPrefix(file, "migrations/")
	version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
	if err != nil {
		return fmt.Errorf("projections: migration %s has no version prefix: %w", base, err)
	}
	sql, err := migrations.ReadFile(file)
	if err != nil {
		return fmt.Errorf("projections: read migration %s: %w", base, err)
	}
	tx, err := db.Begin(ctx)
	if err != nil {
		return fmt.Errorf("projections: migrate: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	const setup = `SELECT pg_advisory_xact_lock(hashtext('parley.projections.migrate'));
CREATE TABLE IF NOT EXISTS projection_migrations (
    version    int PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now())`
	if _, err := tx.Exec(ctx, setup); err != nil {
		return fmt.Errorf("projections: migrate: lock: %w", err)
	}
	var done bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM projection_migrations WHERE version = $1)`, version).Scan(&done); err != nil {
		return fmt.Errorf("projections: migrate: read version: %w", err)
	}
	if done {
		return nil
	}
	if _, err := tx.Exec(ctx, string(sql)); err != nil {
		return fmt.Errorf("projections: migration %s: %w", base, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO projection_migrations (version) VALUES ($1)`, version); err != nil {
		return fmt.Errorf("projections: migration %s: record: %w", base, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("projections: migration %s: commit: %w", base, err)
	}
	return nil
}
