package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/parley-inbox/parley/audit"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/config"
	"github.com/parley-inbox/parley/query"
)

// replayConfig is `parley replay conversation <id>`.
type replayConfig struct {
	config.Migrate
	until  string
	asJSON bool
}

const replayUsage = "usage: parley replay conversation <id> [--until T|REVISION] [--json]"

func (c *replayConfig) flagSet() *flag.FlagSet {
	fs := c.Migrate.FlagSet()
	fs.Usage = func() {
		config.PrintUsage(fs.Output(), fs, replayUsage+"\n\n"+
			"Prints each event of the conversation with its metadata and the conversation's state right\n"+
			"after it, up to --until (an RFC 3339 time or a stream revision; default: the end).")
	}
	fs.StringVar(&c.until, "until", "", "stop after this RFC 3339 time or stream revision")
	fs.BoolVar(&c.asJSON, "json", false, "print the full state after each event as JSON")
	return fs
}

// runReplay is `parley replay conversation <id>`.
func runReplay(ctx context.Context, args []string, e env) error {
	var kind, id string
	flags := args
	if len(args) >= 2 && !strings.HasPrefix(args[0], "-") {
		kind, id, flags = args[0], args[1], args[2:]
	}
	var cfg replayConfig
	fs := cfg.flagSet()
	if err := parseFlags(fs, flags, e, &cfg); err != nil {
		return err
	}
	if kind == "" && fs.NArg() >= 2 {
		kind, id = fs.Arg(0), fs.Arg(1)
	}
	if kind != "conversation" || id == "" {
		return fmt.Errorf("%w: %s", errUsage, replayUsage)
	}
	at := audit.AsOf{Time: time.Now().Add(24 * time.Hour)}
	if cfg.until != "" {
		var err error
		if at, err = audit.ParseAsOf(cfg.until); err != nil {
			return fmt.Errorf("%w: --until: %w", errUsage, err)
		}
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
	return replayConversation(ctx, store, id, at, cfg.asJSON, e.stdout)
}

func replayConversation(ctx context.Context, store eventstore.Store, id string, at audit.AsOf, asJSON bool, w io.Writer) error {
	first, err := store.ReadStream(ctx, conversation.StreamName(id), eventstore.ReadStreamOptions{Limit: 1})
	if err != nil {
		return fmt.Errorf("conversation %s: %w", id, err)
	}
	r, err := audit.NewReader(store)
	if err != nil {
		return err
	}
	// The operator reads the database directly anyway: show everything.
	v := query.Viewer{AccountID: first[0].Metadata.AccountID, SeePII: true, SeePrivate: true}
	return r.ReplayConversation(ctx, v, id, at, func(s audit.Step) error { return printStep(w, s, asJSON) })
}

func printStep(w io.Writer, s audit.Step, asJSON bool) error {
	rec, st := s.Record, s.State
	fmt.Fprintf(w, "#%-4d %s  %-36s v%d  by %s:%s  (position %d, command %s, session %s)\n",
		rec.Revision, rec.OccurredAt.Format(time.RFC3339), rec.Type, rec.SchemaVersion, rec.Actor.Kind, rec.Actor.ID,
		rec.Position, rec.CommandID, orDash(rec.Session))
	fmt.Fprintf(w, "      %s\n", rec.Data)
	if asJSON {
		b, err := json.Marshal(st)
		if err != nil {
			return fmt.Errorf("state after revision %d: %w", rec.Revision, err)
		}
		_, err = fmt.Fprintf(w, "   => %s\n", b)
		return err
	}
	_, err := fmt.Fprintf(w, "   => status=%s assignee=%s team=%s tags=[%s] priority=%s messages=%d notes=%d session=%d\n",
		st.Status, deref(st.AssigneeID), deref(st.TeamID), strings.Join(st.Tags, ","), st.Priority,
		len(st.Messages), len(st.Notes), st.Session)
	return err
}

func deref(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
