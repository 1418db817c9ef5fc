package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/config"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/assigner"
	"github.com/parley-inbox/parley/projections/inbox"
)

// readBench is the setting of the read-side suites: a PostgreSQL with N
// generated conversations in the log, the inbox views rebuilt from it, and
// a whole Parley started in-process over it with a key for an agent of the
// seeded account.
type readBench struct {
	srv   *benchServer
	agent *benchServer // srv as the web agent (bench_read_agent.go)
	db    *database
	gen   *seed.Generator   // names the seeded conversations
	extra map[string]string // setup figures for the report
	stop  func() error
}

// benchSeedPrefix starts the seeded ids; the suites name conversations
// with the same generator.
const benchSeedPrefix = "s1-"

// readBenchKey authenticates as agent 1 of the first seeded account.
const readBenchKey = "read-bench-key-0123456789abcdef"

// startReadBench seeds conversations with the bulk seeder, rebuilds the
// inbox views with projections.Rebuild (faster than the live projector),
// moves the live change log's checkpoint to the head (the SSE feed is about
// changes from now on), then starts Parley. Progress goes to out.
func startReadBench(ctx context.Context, cfg config.Bench, logger *slog.Logger, out io.Writer, conversations int) (*readBench, error) {
	return startReadBenchWith(ctx, cfg, logger, out, conversations, false)
}

// startReadBenchWith is startReadBench; with viewsOnly the histories are
// folded into the views without being written to the log (loadViews).
func startReadBenchWith(ctx context.Context, cfg config.Bench, logger *slog.Logger, out io.Writer, conversations int, viewsOnly bool) (*readBench, error) {
	rb, err := openReadBench(ctx, cfg, logger, "parley-bench-read-")
	if err != nil {
		return nil, err
	}
	load := rb.load
	if viewsOnly {
		load = rb.loadViews
	}
	if err := load(ctx, logger, out, conversations); err != nil {
		return nil, errors.Join(err, rb.stop())
	}
	if err := rb.serve(ctx, cfg, logger, func(*config.Serve) {}); err != nil {
		return nil, errors.Join(err, rb.stop())
	}
	return rb, nil
}

// serve starts Parley in process over the bench's database (configure
// adjusts its configuration) with the bench's API key, and logs the web
// agent in (rb.agent). rb.stop stops it too.
func (rb *readBench) serve(ctx context.Context, cfg config.Bench, logger *slog.Logger, configure func(*config.Serve)) error {
	if err := rb.addBenchAgent(ctx); err != nil {
		return err
	}
	serveCfg := config.Serve{}
	_ = serveCfg.FlagSet() // sets the defaults
	serveCfg.Log = cfg.Log
	url, sep := rb.db.Pool.Config().ConnString(), "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	serveCfg.DB = config.Database{PostgresURL: url + sep + "pool_max_conns=16"}
	serveCfg.APIKeys = readBenchKey + "=" + seed.AccountID(0) + ":agent:" + seed.AgentID(0, 0)
	configure(&serveCfg)
	srv, err := startServeInProcess(ctx, serveCfg, logger)
	if err != nil {
		return err
	}
	rb.srv = srv
	dbStop := rb.stop
	rb.stop = func() error { return errors.Join(srv.Stop(), dbStop()) }
	rb.agent, err = loginBenchAgent(ctx, srv)
	return err
}

// openReadBench opens the bench's database (an embedded server in a
// temporary directory named after prefix, unless --postgres-url is set) and
// its generator; rb.stop closes it and removes the directory.
func openReadBench(ctx context.Context, cfg config.Bench, logger *slog.Logger, prefix string) (*readBench, error) {
	dbCfg, tmp := cfg.DB, ""
	if dbCfg.Embedded() {
		var err error
		if tmp, err = os.MkdirTemp("", prefix); err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		dbCfg.DataDir = tmp
	}
	rb := &readBench{extra: map[string]string{}}
	var err error
	if rb.gen, err = seed.NewGenerator(1, 1, benchSeedPrefix); err != nil {
		return nil, errors.Join(err, os.RemoveAll(tmp))
	}
	if rb.db, err = openDatabase(ctx, dbCfg, logger); err != nil {
		return nil, errors.Join(err, os.RemoveAll(tmp))
	}
	rb.stop = func() error { return errors.Join(rb.db.Close(), os.RemoveAll(tmp)) }
	return rb, nil
}

// load migrates, seeds and rebuilds.
func (rb *readBench) load(ctx context.Context, logger *slog.Logger, out io.Writer, conversations int) error {
	pool := rb.db.Pool
	if err := applyMigrations(ctx, pool, migrations(config.EventStorePostgres), slog.New(slog.DiscardHandler)); err != nil {
		return err
	}
	store, err := postgres.New(ctx, pool, postgres.Config{})
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	err = seed.Seed(ctx, store, seed.SeedOptions{Conversations: conversations, Seed: 1, Prefix: benchSeedPrefix, ProgressEvery: 5 * time.Second},
		func(done, total int) {
			fmt.Fprintf(out, "seeding: %d/%d conversations, %.0f/s\n", done, total, float64(done)/time.Since(start).Seconds())
		})
	if err != nil {
		return err
	}
	events, err := store.CountAfter(ctx, 0)
	if err != nil {
		return err
	}
	took := time.Since(start)
	rb.extra["seed"] = fmt.Sprintf("%d conversations, %d events in %s: %.0f events/s (bulk append)", conversations, events, took.Round(time.Second), float64(events)/took.Seconds())
	fmt.Fprintln(out, "seeded "+rb.extra["seed"])

	p, err := inbox.NewProjector(inbox.Options{})
	if err != nil {
		return err
	}
	start = time.Now()
	last := start
	res, err := projections.Rebuild(ctx, pool, store, p, projections.RebuildOptions{OnProgress: func(pr projections.RebuildProgress) {
		if time.Since(last) > 5*time.Second {
			last = time.Now()
			fmt.Fprintf(out, "rebuilding the inbox views: %d/%d events, %.0f events/s\n", pr.Events, events, pr.EventsPerSecond())
		}
	}})
	if err != nil {
		return err
	}
	rb.extra["rebuild"] = fmt.Sprintf("%d events in %s: %.0f events/s into the PostgreSQL views", res.Events, res.Elapsed.Round(time.Second), res.EventsPerSecond())
	fmt.Fprintln(out, "rebuilt "+rb.extra["rebuild"])
	logger.Info("read bench data ready", "conversations", conversations, "events", events)
	return skipHistory(ctx, rb, res.Position)
}

// skipHistory starts the live change log (and the account directory, which
// has nothing to read in a seeded log) at head instead of replaying millions
// of events through them when Parley starts.
func skipHistory(ctx context.Context, rb *readBench, head uint64) error {
	names := []string{"live", "timeline", assigner.ProjectorName}
	if ps, err := accountProjectors(); err == nil {
		for _, p := range ps {
			names = append(names, p.Name())
		}
	}
	_, err := rb.db.Pool.Exec(ctx, `INSERT INTO projection_checkpoints (name, position) SELECT unnest($1::text[]), $2
ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`, names, int64(head))
	if err != nil {
		return fmt.Errorf("bench: start projectors at the head: %w", err)
	}
	return nil
}

// waitCaughtUp waits until every projector with a checkpoint has reached the
// log's head (projectors that still replay history would skew the figures).
func (rb *readBench) waitCaughtUp(ctx context.Context, logger *slog.Logger) error {
	store, err := postgres.New(ctx, rb.db.Pool, postgres.Config{})
	if err != nil {
		return err
	}
	defer store.Close()
	deadline := time.Now().Add(30 * time.Minute)
	for {
		sts, err := projections.ReadStatus(ctx, rb.db.Pool, store, nil, 1000)
		if err != nil {
			return err
		}
		behind := 0
		for _, s := range sts {
			if s.LagEvents > 0 && s.Name != "inbox@inbox_check" {
				behind++
				logger.Info("waiting for a projector to catch up", "projector", s.Name, "lag_events", s.LagEvents, "capped", s.LagCapped)
			}
		}
		if behind == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("bench: projectors did not catch up in 30 minutes")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}
