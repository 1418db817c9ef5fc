package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/parley-inbox/parley/audit"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/config"
)

// auditConfig is `parley audit verify`: the database flags of migrate plus
// the account to check.
type auditConfig struct {
	config.Migrate
	account string
}

func (c *auditConfig) flagSet() *flag.FlagSet {
	fs := c.Migrate.FlagSet()
	fs.Usage = func() {
		config.PrintUsage(fs.Output(), fs, "usage: parley audit verify [--account A] [--postgres-url URL]\n\n"+
			"Recomputes the hash chain of every stream (of account A, or of every account) and reports\n"+
			"the first event whose stored hash no longer matches its content. Exit code 1 on a break.")
	}
	fs.StringVar(&c.account, "account", "", "check only this account's streams (default: every account)")
	return fs
}

// errChainBroken makes `parley audit verify` exit 1 after reporting a break.
var errChainBroken = errors.New("the event log's hash chain is broken (see above)")

// runAudit dispatches `parley audit <subcommand>`.
func runAudit(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "verify" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(e.stdout, "usage: parley audit verify [--account A]\n")
			return nil
		}
		return fmt.Errorf("%w: usage: parley audit verify [--account A]", errUsage)
	}
	var cfg auditConfig
	if err := parseFlags(cfg.flagSet(), args[1:], e, &cfg); err != nil {
		return err
	}
	if cfg.EventStore != config.EventStorePostgres {
		return fmt.Errorf("%w: parley audit verify checks the PostgreSQL event store's hash chain only", errUsage)
	}
	db, err := openDatabase(ctx, cfg.DB, newLogger(cfg.Log, e.stderr))
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	store, err := postgres.New(ctx, db.Pool, postgres.Config{})
	if err != nil {
		return err
	}
	defer store.Close()
	res, err := audit.Verify(ctx, db.Pool, store, cfg.account, func(p audit.AccountCheck) {
		fmt.Fprintf(e.stdout, "checked account %-20s %8d streams %10d events   [%d/%d accounts, %d events, %s, %.0f events/s]\n",
			p.Account, p.Streams, p.Events, p.Done, p.Of, p.EventsSoFar, p.Elapsed.Round(time.Millisecond), p.EventsPerSecond)
	})
	if err != nil {
		return err
	}
	return reportVerification(e.stdout, res)
}

func reportVerification(w io.Writer, res audit.Verification) error {
	if res.Break == nil {
		fmt.Fprintf(w, "OK: %d accounts, %d streams, %d events; every hash chain holds (%s)\n",
			res.Accounts, res.Streams, res.Events, res.Took)
		return nil
	}
	b := res.Break
	fmt.Fprintf(w, "BREAK: account %s, stream %s, revision %d, global position %d\n", b.Account, b.Stream, b.Revision, b.Position)
	fmt.Fprintf(w, "  the event's content hashes to %s\n  but the stored hash is      %s\n", b.Expected, b.Stored)
	fmt.Fprintf(w, "  this event (or the stored hash) was altered after it was appended; events before it in the stream are intact\n")
	return errChainBroken
}
