package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/config"
	"github.com/parley-inbox/parley/internal/seed"
)

// seedConfig is `parley seed`: the database flags of migrate plus what to
// generate.
type seedConfig struct {
	config.Migrate
	opts seed.SeedOptions
}

func (c *seedConfig) flagSet() *flag.FlagSet {
	fs := c.Migrate.FlagSet()
	fs.Usage = func() {
		config.PrintUsage(fs.Output(), fs, "usage: parley seed --conversations N [--accounts A] [--seed S] [--workers W]\n\n"+
			"Appends N generated conversations (with their contacts) to the event store. The same\n"+
			"--seed always generates the same log; running it again appends nothing twice.")
	}
	fs.IntVar(&c.opts.Conversations, "conversations", 0, "how many conversations to generate (required)")
	fs.IntVar(&c.opts.Accounts, "accounts", 1, "accounts to spread them over")
	fs.Uint64Var(&c.opts.Seed, "seed", 1, "random seed; the same seed gives the same histories")
	fs.IntVar(&c.opts.Workers, "workers", 0, "parallel appenders (default 4 x GOMAXPROCS); add ?pool_max_conns=N to --postgres-url to match")
	fs.IntVar(&c.opts.Workers, "batch", 0, "alias of --workers: streams appended concurrently")
	fs.StringVar(&c.opts.Prefix, "prefix", "", `prefix of generated ids (default "s<seed>-")`)
	return fs
}

// Validate reports every problem of the configuration.
func (c *seedConfig) Validate() error {
	errs := []error{c.Migrate.Validate()}
	if c.EventStore != config.EventStorePostgres {
		errs = append(errs, fmt.Errorf("--eventstore %q: parley seed writes to the PostgreSQL event store only", c.EventStore))
	}
	opts := c.opts
	if opts.Workers == 0 {
		opts.Workers = 1 // the default is filled in later
	}
	errs = append(errs, opts.Validate())
	return errors.Join(errs...)
}

// runSeed is `parley seed`: it migrates the event store, then appends the
// generated histories, printing progress every two seconds.
func runSeed(ctx context.Context, args []string, e env) error {
	var cfg seedConfig
	if err := parseFlags(cfg.flagSet(), args, e, &cfg); err != nil {
		return err
	}
	logger := newLogger(cfg.Log, e.stderr)
	db, err := openDatabase(ctx, cfg.DB, logger)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	if err := postgres.Migrate(ctx, db.Pool); err != nil {
		return fmt.Errorf("migrate event store: %w", err)
	}
	store, err := postgres.New(ctx, db.Pool, postgres.Config{})
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	progress := func(done, total int) {
		elapsed := time.Since(start)
		rate := float64(done) / max(elapsed.Seconds(), 1e-9)
		fmt.Fprintf(e.stdout, "seeded %d/%d conversations (%.1f%%) in %s, %.0f conversations/s\n",
			done, total, 100*float64(done)/float64(total), elapsed.Round(time.Second), rate)
	}
	if err := seed.Seed(ctx, store, cfg.opts, progress); err != nil {
		return err
	}
	return nil
}
