package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/internal/config"
)

// migration is one owner's schema; each is idempotent and serialises itself
// against concurrent runs (several role processes start at once).
type migration struct {
	name  string
	apply func(ctx context.Context, pool *pgxpool.Pool) error
}

// applyMigrations applies every migration in order.
func applyMigrations(ctx context.Context, pool *pgxpool.Pool, ms []migration, logger *slog.Logger) error {
	for _, m := range ms {
		start := time.Now()
		if err := m.apply(ctx, pool); err != nil {
			return fmt.Errorf("migrate %s: %w", m.name, err)
		}
		logger.Info("schema up to date", "schema", m.name, "duration", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// runMigrate is `parley migrate`.
func runMigrate(ctx context.Context, args []string, e env) error {
	var cfg config.Migrate
	if err := parseFlags(cfg.FlagSet(), args, e, &cfg); err != nil {
		return err
	}
	logger := newLogger(cfg.Log, e.stderr)
	db, err := openDatabase(ctx, cfg.DB, logger)
	if err != nil {
		return err
	}
	err = applyMigrations(ctx, db.Pool, migrations(cfg.EventStore), logger)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}
