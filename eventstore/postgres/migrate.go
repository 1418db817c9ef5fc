package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrateLockKey is the advisory lock that serialises Migrate across
// processes ("parley-eventstore" folded into an int64).
const migrateLockKey int64 = 0x7061726c65795f65

// Migrate brings the eventstore schema up to date. It is idempotent and safe
// to run from several processes at once: all of it runs in one transaction
// that first takes a transaction-level advisory lock.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	files, err := migrationFiles()
	if err != nil {
		return err
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrateLockKey); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS eventstore;
			CREATE TABLE IF NOT EXISTS eventstore.schema_migrations (
				version    integer PRIMARY KEY,
				name       text NOT NULL,
				applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
			return fmt.Errorf("version table: %w", err)
		}
		rows, _ := tx.Query(ctx, "SELECT version FROM eventstore.schema_migrations")
		applied, err := pgx.CollectRows(rows, pgx.RowTo[int])
		if err != nil {
			return fmt.Errorf("read versions: %w", err)
		}
		done := make(map[int]bool, len(applied))
		for _, v := range applied {
			done[v] = true
		}
		for _, f := range files {
			if done[f.version] {
				continue
			}
			if _, err := tx.Exec(ctx, f.sql); err != nil {
				return fmt.Errorf("apply %s: %w", f.name, err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO eventstore.schema_migrations (version, name) VALUES ($1, $2)", f.version, f.name); err != nil {
				return fmt.Errorf("record %s: %w", f.name, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("postgres eventstore: migrate: %w", classify(err))
	}
	return nil
}

type migration struct {
	version int
	name    string
	sql     string
}

// migrationFiles lists the embedded migrations in version order; a file is
// named NNNN_what.sql.
func migrationFiles() ([]migration, error) {
	entries, err := fs.ReadDir(migrations, "migrations")
	if err != nil {
		return nil, fmt.Errorf("postgres eventstore: list migrations: %w", err)
	}
	var out []migration
	for _, e := range entries {
		prefix, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(prefix)
		if !ok || err != nil {
			return nil, fmt.Errorf("postgres eventstore: migration %q is not named NNNN_name.sql", e.Name())
		}
		b, err := migrations.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("postgres eventstore: read migration %s: %w", e.Name(), err)
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, errors.New("postgres eventstore: two migrations share version " + strconv.Itoa(out[i].version))
		}
	}
	return out, nil
}
