// Package sqlscript applies a package's idempotent SQL files (embedded,
// in name order) in one transaction under an advisory lock, so that
// processes starting at the same time do not race on the schema.
package sqlscript

import (
	"context"
	"fmt"
	"io/fs"
	"sort"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Apply runs every file of files matching pattern, in name order, in one
// transaction holding the advisory lock named by component. Each file must
// be idempotent (CREATE ... IF NOT EXISTS and the like).
func Apply(ctx context.Context, pool *pgxpool.Pool, component string, files fs.FS, pattern string) error {
	names, err := fs.Glob(files, pattern)
	if err != nil {
		return fmt.Errorf("%s: list migrations: %w", component, err)
	}
	sort.Strings(names)
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "parley."+component+".migrate"); err != nil {
			return fmt.Errorf("%s: migrate: lock: %w", component, err)
		}
		for _, name := range names {
			b, err := fs.ReadFile(files, name)
			if err != nil {
				return fmt.Errorf("%s: read %s: %w", component, name, err)
			}
			if _, err := tx.Exec(ctx, string(b)); err != nil {
				return fmt.Errorf("%s: migrate %s: %w", component, name, err)
			}
		}
		return nil
	})
}
