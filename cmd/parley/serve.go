package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/config"
	"github.com/parley-inbox/parley/internal/secrets"
	"github.com/parley-inbox/parley/presence"
	"github.com/parley-inbox/parley/projections"
)

// Deps are what the parts of a running Parley share; the functions in
// wiring.go receive them.
type Deps struct {
	Config   config.Serve
	Pool     *pgxpool.Pool
	Store    eventstore.Store
	Logger   *slog.Logger
	Registry *prometheus.Registry // everything here is served at /metrics
	APIKeys  []config.APIKey
	// Progress tells how far each projector has committed (read-your-writes).
	Progress *projections.Progress
	// CursorKey signs the query API's page cursors; shared by every process
	// through the database (internal/secrets).
	CursorKey []byte
	// AnalyticsKey keys the hash that stands in for phone numbers in the
	// analytics indexes (internal/secrets, like CursorKey).
	AnalyticsKey []byte
	// Presence is this process's presence store (made by buildProcess for
	// the command and query roles).
	Presence *presence.Store
}

// runServe is `parley serve`.
func runServe(ctx context.Context, args []string, e env) error {
	var cfg config.Serve
	if err := parseFlags(cfg.FlagSet(), args, e, &cfg); err != nil {
		return err
	}
	return serve(ctx, cfg, newLogger(cfg.Log, e.stderr), e.stdout, nil)
}

// serve runs Parley until ctx ends, then drains HTTP requests, stops the
// projectors, closes the event store and the pool, and stops the embedded
// PostgreSQL. onListen, if set, learns where each server listens.
func serve(ctx context.Context, cfg config.Serve, logger *slog.Logger, stdout io.Writer, onListen func(name, addr string)) (err error) {
	keys, err := config.ParseAPIKeys(cfg.APIKeys)
	if err != nil {
		return err
	}
	var hint func(addr string) string
	if len(keys) == 0 && cfg.DB.Embedded() {
		key, created, err := embeddedKey(cfg.DB.DataDir)
		if err != nil {
			return err
		}
		keys = []config.APIKey{key}
		hint = func(addr string) string { return curlHint(key, addr, created) }
	}
	db, err := openDatabase(ctx, cfg.DB, logger)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.Close()) }()
	if err := applyMigrations(ctx, db.Pool, migrations(cfg.EventStore), logger); err != nil {
		return err
	}
	d, err := newDeps(ctx, cfg, db.Pool, logger, keys)
	if err != nil {
		return err
	}
	defer d.Store.Close()
	p, err := buildProcess(cfg, d)
	if err != nil {
		return err
	}
	listening := func(name, addr string) {
		logger.Info("listening", "server", name, "addr", addr)
		if name == "command" && hint != nil {
			fmt.Fprint(stdout, hint(addr))
		}
		if onListen != nil {
			onListen(name, addr)
		}
	}
	return p.run(ctx, cfg, d, listening)
}

func newRegistry() (*prometheus.Registry, error) {
	reg := prometheus.NewRegistry()
	for _, c := range []prometheus.Collector{collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("metrics: %w", err)
		}
	}
	return reg, nil
}

// newDeps opens what the parts of a process share, over a migrated pool.
// The caller closes d.Store.
func newDeps(ctx context.Context, cfg config.Serve, pool *pgxpool.Pool, logger *slog.Logger, keys []config.APIKey) (Deps, error) {
	reg, err := newRegistry()
	if err != nil {
		return Deps{}, err
	}
	cursorKey, err := secrets.Get(ctx, pool, "query-cursor-signing", 32)
	if err != nil {
		return Deps{}, err
	}
	analyticsKey, err := secrets.Get(ctx, pool, "analytics-phone-hash", 32)
	if err != nil {
		return Deps{}, err
	}
	d := Deps{
		Config: cfg, Pool: pool, Logger: logger, Registry: reg, APIKeys: keys, CursorKey: cursorKey, AnalyticsKey: analyticsKey,
		Progress: projections.NewProgress(pool, projections.ProgressConfig{MaxWait: 10 * time.Second, Logger: logger}),
	}
	if d.Store, err = openEventStore(ctx, d); err != nil {
		return Deps{}, err
	}
	return d, nil
}
