package main

// `parley projections verify timeline [--repair]`: the reconciliation of
// issue 4. It folds the whole log in memory (timeline.Folder.Verify) and
// compares every document with the timeline index, PostgreSQL's by default
// or the search engine's at --elasticsearch-url.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/secrets"
	"github.com/parley-inbox/parley/projections/timeline"
	"github.com/parley-inbox/parley/projections/timeline/estimeline"
	"github.com/parley-inbox/parley/projections/timeline/pgtimeline"
)

// errTimelineDiffers: verify found documents missing, stale or different
// (and, with --repair, some it could not repair).
var errTimelineDiffers = errors.New("the timeline index differs from the event log")

// verifyTimelineOptions are the flags verify adds to those of projections.
type verifyTimelineOptions struct {
	Repair           bool
	ElasticsearchURL string
	OpenSearchCompat bool
	ProgressEvery    time.Duration
}

// projectionsVerify is `parley projections verify NAME`; only the timeline
// can be verified this way (the inbox views are compared by their rebuild).
func projectionsVerify(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "timeline" {
		return fmt.Errorf("%w: parley projections verify needs the name timeline", errUsage)
	}
	var cfg projectionsConfig
	var opts verifyTimelineOptions
	fs := cfg.flagSet("verify")
	fs.BoolVar(&opts.Repair, "repair", false, "verify: write the missing and stale documents")
	fs.StringVar(&opts.ElasticsearchURL, "elasticsearch-url", "", "verify: the search engine's timeline index instead of PostgreSQL's")
	fs.BoolVar(&opts.OpenSearchCompat, "search-opensearch-compat", false, "verify: the --elasticsearch-url engine is OpenSearch")
	fs.DurationVar(&opts.ProgressEvery, "progress", 2*time.Second, "verify: how often to report progress")
	if err := parseFlags(fs, args[1:], e, &cfg); err != nil {
		return err
	}
	if opts.ElasticsearchURL != "" && !strings.HasPrefix(opts.ElasticsearchURL, "http://") && !strings.HasPrefix(opts.ElasticsearchURL, "https://") {
		return fmt.Errorf("%w: --elasticsearch-url %q: want an http:// or https:// URL", errUsage, opts.ElasticsearchURL)
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
	return verifyTimeline(ctx, db.Pool, store, opts, e.stdout, e.stderr)
}

// verifyTimeline runs the comparison, reports progress to progress and the
// findings to out.
func verifyTimeline(ctx context.Context, pool *pgxpool.Pool, log eventstore.Store, opts verifyTimelineOptions, out, progress io.Writer) error {
	// The same key as serve's, so that contact documents compare equal.
	key, err := secrets.Get(ctx, pool, "analytics-phone-hash", 32)
	if err != nil {
		return fmt.Errorf("verify timeline: %w", err)
	}
	folder, err := timeline.NewFolder(timeline.NewPhoneHasher(key))
	if err != nil {
		return fmt.Errorf("verify timeline: %w", err)
	}
	target, where, err := timelineTarget(pool, opts)
	if err != nil {
		return err
	}
	counted := &countingDocs{DocStore: target}
	reading := &countingLog{Store: log}
	if opts.ProgressEvery > 0 {
		stop := reportVerifyProgress(ctx, progress, opts.ProgressEvery, reading, counted)
		defer stop()
	}
	start := time.Now()
	rep, err := folder.Verify(ctx, reading, counted, opts.Repair)
	if err != nil {
		return fmt.Errorf("verify timeline in %s: %w", where, err)
	}
	fmt.Fprintf(out, "timeline in %s: %d events folded, %d documents checked in %s\n", where, rep.Events, rep.Checked, time.Since(start).Round(time.Millisecond))
	for _, f := range []struct {
		what string
		ids  []string
	}{{"missing", rep.Missing}, {"stale", rep.Stale}, {"different at the same version (not repairable: rebuild)", rep.Differ}} {
		fmt.Fprintf(out, "  %s: %d\n", f.what, len(f.ids))
		for _, id := range f.ids[:min(len(f.ids), 20)] {
			fmt.Fprintf(out, "    %s\n", id)
		}
		if len(f.ids) > 20 {
			fmt.Fprintf(out, "    … and %d more\n", len(f.ids)-20)
		}
	}
	switch {
	case rep.OK():
		fmt.Fprintln(out, "  ok: the index matches the log")
		return nil
	case opts.Repair:
		fmt.Fprintf(out, "  repaired: %d documents written\n", rep.Repaired)
		if len(rep.Differ) > 0 {
			return fmt.Errorf("%w: %d documents differ at the same version", errTimelineDiffers, len(rep.Differ))
		}
		return nil
	}
	return fmt.Errorf("%w: %d missing, %d stale, %d different (run with --repair)", errTimelineDiffers, len(rep.Missing), len(rep.Stale), len(rep.Differ))
}

// timelineTarget is the index verify compares, and a name for it.
func timelineTarget(pool *pgxpool.Pool, opts verifyTimelineOptions) (timeline.DocStore, string, error) {
	if opts.ElasticsearchURL == "" {
		s, err := pgtimeline.NewStore(pool, "")
		if err != nil {
			return nil, "", fmt.Errorf("verify timeline: %w", err)
		}
		return s.DocStore(), "PostgreSQL", nil
	}
	c, err := estimeline.New(estimeline.Config{Addresses: []string{opts.ElasticsearchURL}, OpenSearchCompat: opts.OpenSearchCompat})
	if err != nil {
		return nil, "", fmt.Errorf("verify timeline: search engine: %w", err)
	}
	return c.DocStore(), opts.ElasticsearchURL, nil
}

// reportVerifyProgress prints the counters every interval until stopped.
func reportVerifyProgress(ctx context.Context, w io.Writer, every time.Duration, log *countingLog, docs *countingDocs) func() {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				fmt.Fprintf(w, "verify timeline: %d events folded, %d documents compared\n", log.events.Load(), docs.loaded.Load())
			}
		}
	}()
	return func() { cancel(); <-done }
}

// countingLog counts the events Verify reads, for progress.
type countingLog struct {
	eventstore.Store
	events atomic.Int64
}

func (l *countingLog) ReadAll(ctx context.Context, after uint64, limit int) ([]eventstore.RecordedEvent, error) {
	evs, err := l.Store.ReadAll(ctx, after, limit)
	l.events.Add(int64(len(evs)))
	return evs, err
}

// countingDocs counts the documents Verify asks for, for progress.
type countingDocs struct {
	timeline.DocStore
	loaded atomic.Int64
}

func (d *countingDocs) Load(ctx context.Context, k timeline.Keys) (timeline.Docs, error) {
	d.loaded.Add(int64(len(k.Conversations) + len(k.Sessions) + len(k.Entries) + len(k.Contacts)))
	return d.DocStore.Load(ctx, k)
}
