package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/esdb"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/config"
)

const projectionsUsage = `usage: parley projections <status|unpark NAME|rebuild inbox|verify timeline> [flags]

  status          every projector: checkpoint, head, lag in events and seconds, parked events
  unpark NAME     delete NAME's parked events; its runtime resumes from its checkpoint
  rebuild inbox   rebuild the inbox views online beside the live ones, verify, swap
  verify timeline compare the timeline index with the event log; --repair fixes
                  missing or stale documents

With the embedded run, point --postgres-url at the running server (or use
POST /api/v1/admin/projections/inbox/rebuild): a second embedded PostgreSQL
cannot open the same data directory.`

// projectionsConfig is `parley projections`: the database flags of migrate,
// the event store, and what each subcommand takes.
type projectionsConfig struct {
	config.Migrate
	ESDBURL string
	Output  string // text or json
	LagCap  int
	Rebuild rebuildOptions
	Name    string // the positional NAME
}

func (c *projectionsConfig) flagSet(sub string) *flag.FlagSet {
	fs := c.Migrate.FlagSet()
	fs.Init("projections "+sub, flag.ContinueOnError)
	fs.Usage = func() { config.PrintUsage(fs.Output(), fs, projectionsUsage) }
	fs.StringVar(&c.ESDBURL, "esdb-url", "", "EventStoreDB connection string (with --eventstore=esdb)")
	fs.StringVar(&c.Output, "output", "text", "status format: text or json")
	fs.IntVar(&c.LagCap, "lag-cap", 100_000, "status: read at most this many events to count lag")
	fs.BoolVar(&c.Rebuild.Force, "force", false, "rebuild: swap even if the rebuilt views differ from the live ones (after a projector fix)")
	fs.IntVar(&c.Rebuild.BatchSize, "batch", 2000, "rebuild: events per transaction")
	fs.DurationVar(&c.Rebuild.LiveWait, "live-wait", 0, "rebuild: how long to wait for a live projector behind the rebuild (default 30s)")
	return fs
}

// Validate reports every problem of the configuration.
func (c *projectionsConfig) Validate() error {
	errs := []error{c.Migrate.Validate()}
	if c.Output != "text" && c.Output != "json" {
		errs = append(errs, fmt.Errorf("--output %q: want text or json", c.Output))
	}
	if c.LagCap < 1 {
		errs = append(errs, fmt.Errorf("--lag-cap %d must be positive", c.LagCap))
	}
	if (c.EventStore == config.EventStoreESDB) != (c.ESDBURL != "") {
		errs = append(errs, errors.New("--esdb-url goes with --eventstore=esdb, and only with it"))
	}
	return errors.Join(errs...)
}

// runProjections is `parley projections SUB`.
func runProjections(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") || args[0] == "help" {
		fmt.Fprintln(e.stderr, projectionsUsage)
		if len(args) > 0 {
			return nil
		}
		return fmt.Errorf("%w: name a subcommand", errUsage)
	}
	sub, rest := args[0], args[1:]
	var cfg projectionsConfig
	if sub == "unpark" || sub == "rebuild" {
		if len(rest) == 0 || strings.HasPrefix(rest[0], "-") {
			return fmt.Errorf("%w: parley projections %s needs a projector name", errUsage, sub)
		}
		cfg.Name, rest = rest[0], rest[1:]
	}
	switch sub {
	case "status", "unpark", "rebuild":
	case "verify":
		return projectionsVerify(ctx, rest, e)
	default:
		fmt.Fprintln(e.stderr, projectionsUsage)
		return fmt.Errorf("%w: unknown projections subcommand %q", errUsage, sub)
	}
	if sub == "rebuild" && cfg.Name != "inbox" {
		return fmt.Errorf("%w: only the inbox views can be rebuilt online, not %q", errUsage, cfg.Name)
	}
	if err := parseFlags(cfg.flagSet(sub), rest, e, &cfg); err != nil {
		return err
	}
	logger := newLogger(cfg.Log, e.stderr)
	db, err := openDatabase(ctx, cfg.DB, logger)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	if err := applyMigrations(ctx, db.Pool, migrations(cfg.EventStore), logger); err != nil {
		return err
	}
	store, err := cfg.openStore(ctx, db)
	if err != nil {
		return err
	}
	defer store.Close()
	switch sub {
	case "status":
		return projectionsStatus(ctx, db.Pool, store, cfg, e.stdout)
	case "unpark":
		return projectionsUnpark(ctx, db.Pool, cfg.Name, e.stdout)
	}
	return projectionsRebuild(ctx, db.Pool, store, cfg, logger, e.stdout)
}

func (c *projectionsConfig) openStore(ctx context.Context, db *database) (eventstore.Store, error) {
	if c.EventStore == config.EventStoreESDB {
		s, err := esdb.New(ctx, c.ESDBURL)
		if err != nil {
			return nil, fmt.Errorf("open EventStoreDB event store: %w", err)
		}
		return s, nil
	}
	s, err := postgres.New(ctx, db.Pool, postgres.Config{})
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL event store: %w", err)
	}
	return s, nil
}
