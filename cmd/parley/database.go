package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/internal/config"
	"github.com/parley-inbox/parley/internal/pgserver"
)

// database is the PostgreSQL a process uses, and the embedded server when it
// started one.
type database struct {
	Pool   *pgxpool.Pool
	server *pgserver.Server
	logger *slog.Logger
}

// openDatabase connects to --postgres-url, or starts the embedded server
// with its data under --data-dir/postgres (as an unprivileged user when we
// are root) and connects to its "parley" database.
func openDatabase(ctx context.Context, c config.Database, logger *slog.Logger) (*database, error) {
	db := &database{logger: logger}
	connURL := c.PostgresURL
	if c.Embedded() {
		dir, err := filepath.Abs(filepath.Join(c.DataDir, "postgres"))
		if err != nil {
			return nil, fmt.Errorf("data dir: %w", err)
		}
		logger.Info("starting embedded PostgreSQL", "data_dir", dir)
		if db.server, err = pgserver.Start(ctx, pgserver.Config{DataDir: dir}); err != nil {
			return nil, fmt.Errorf("start embedded PostgreSQL: %w", err)
		}
		if connURL, err = embeddedDatabase(ctx, db.server, "parley"); err != nil {
			return nil, errors.Join(fmt.Errorf("embedded PostgreSQL: %w", err), db.stopServer())
		}
		logger.Info("embedded PostgreSQL is up", "port", db.server.Port())
	}
	cfg, err := pgxpool.ParseConfig(connURL)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("--postgres-url: %w", err), db.stopServer())
	}
	// Parley's queries are short index scans: a parallel plan's worker
	// start-up (tens of ms) costs more than it saves, and measured lists
	// took 60 ms instead of 6. A URL parameter overrides it.
	if _, set := cfg.ConnConfig.RuntimeParams["max_parallel_workers_per_gather"]; !set {
		cfg.ConnConfig.RuntimeParams["max_parallel_workers_per_gather"] = "0"
	}
	if db.Pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return nil, errors.Join(fmt.Errorf("connect to PostgreSQL: %w", err), db.stopServer())
	}
	if err := db.Pool.Ping(ctx); err != nil {
		db.Pool.Close()
		return nil, errors.Join(fmt.Errorf("connect to PostgreSQL at %s:%d: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, err), db.stopServer())
	}
	return db, nil
}

// Close closes the pool and stops the embedded server, if any.
func (db *database) Close() error {
	db.Pool.Close()
	return db.stopServer()
}

func (db *database) stopServer() error {
	if db.server == nil {
		return nil
	}
	db.logger.Info("stopping embedded PostgreSQL")
	if err := db.server.Stop(); err != nil {
		return fmt.Errorf("stop embedded PostgreSQL: %w", err)
	}
	return nil
}

// embeddedDatabase creates database name on the embedded server if missing
// and returns its URL. It talks SQL rather than relying on pgserver.URL,
// which needs the psql and createdb programs next to pg_ctl.
func embeddedDatabase(ctx context.Context, srv *pgserver.Server, name string) (string, error) {
	base, err := srv.URL(ctx, "postgres")
	if err != nil {
		return "", err
	}
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return "", fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", fmt.Errorf("look for database %q: %w", name, err)
	}
	if !exists {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
			return "", fmt.Errorf("create database %q: %w", name, err)
		}
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("server URL: %w", err)
	}
	u.Path = "/" + name
	return u.String(), nil
}
