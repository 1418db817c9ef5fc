package live

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"

	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrate creates the live feed's tables. Every file is idempotent; they run
// in order in one transaction under an advisory lock, so several processes
// may migrate at once.
func Migrate(ctx context.Context, db *pgxpool.Pool) error {
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("live: list migrations: %w", err)
	}
	sort.Strings(files)
	tx, err := db.Begin(ctx)
	if err != nil {
		return fmt.Errorf("live: migrate: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('parley.live.migrate'))`); err != nil {
		return fmt.Errorf("live: migrate: lock: %w", err)
	}
	for _, f := range files {
		sql, err := migrations.ReadFile(f)
		if err != nil {
			return fmt.Errorf("live: read migration %s: %w", f, err)
		}
		if _, err := tx.Exec(ctx, string(sql)); err != nil {
			return fmt.Errorf("live: migration %s: %w", f, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("live: migrate: commit: %w", err)
	}
	return nil
}
