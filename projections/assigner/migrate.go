package assigner

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrate creates the assigner schema. Every statement is idempotent; an
// advisory lock serialises concurrent starts.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("assigner: list migrations: %w", err)
	}
	sort.Strings(files)
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('parley.assigner.migrate'))`); err != nil {
			return fmt.Errorf("assigner: migrate: lock: %w", err)
		}
		for _, f := range files {
			b, err := migrations.ReadFile(f)
			if err != nil {
				return fmt.Errorf("assigner: read %s: %w", f, err)
			}
			if _, err := tx.Exec(ctx, string(b)); err != nil {
				return fmt.Errorf("assigner: migrate %s: %w", f, err)
			}
		}
		return nil
	})
}
