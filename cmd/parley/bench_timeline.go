package main

// `parley bench timeline` (issue 4): the timeline rebuild rate into the
// search engine, command → searchable lag, and timeline page latency, over
// a seeded log and a whole Parley started in-process with the engine
// configured. Without --elasticsearch-url it measures the PostgreSQL
// adapter instead.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/config"
	"github.com/parley-inbox/parley/internal/loadgen"
	"github.com/parley-inbox/parley/internal/secrets"
	"github.com/parley-inbox/parley/projections/timeline"
	"github.com/parley-inbox/parley/projections/timeline/estimeline"
	"github.com/parley-inbox/parley/projections/timeline/pgtimeline"
)

// timelineBenchOptions are the suite's own flags.
type timelineBenchOptions struct {
	Conversations    int
	ElasticsearchURL string
	OpenSearchCompat bool
	LagClients       int
	LagTimeout       time.Duration
}

func benchTimelineSuite() benchSuite {
	var o timelineBenchOptions
	return benchSuite{
		Name:    "timeline",
		Summary: "timeline rebuild rate into the search engine (docs/s), command -> searchable lag and timeline page latency (p50/p99)",
		Flags: func(fs *flag.FlagSet) {
			fs.IntVar(&o.Conversations, "conversations", 20_000, "conversations to seed (bulk) and index from the start of the log")
			fs.StringVar(&o.ElasticsearchURL, "elasticsearch-url", "", "the search engine to measure (its parley-* indexes are deleted); empty measures PostgreSQL")
			fs.BoolVar(&o.OpenSearchCompat, "search-opensearch-compat", false, "the --elasticsearch-url engine is OpenSearch")
			fs.IntVar(&o.LagClients, "lag-clients", 2, "clients posting a note and polling search until it is found")
			fs.DurationVar(&o.LagTimeout, "lag-timeout", 10*time.Second, "give up on one note not searchable after this long (counted as an error)")
		},
		Run: func(ctx context.Context, cfg config.Bench, logger *slog.Logger, out io.Writer) error {
			return benchTimeline(ctx, cfg, logger, out, o)
		},
	}
}

func benchTimeline(ctx context.Context, cfg config.Bench, logger *slog.Logger, out io.Writer, o timelineBenchOptions) error {
	if o.ElasticsearchURL == "" {
		fmt.Fprintln(out, "no --elasticsearch-url: measuring the PostgreSQL timeline adapter instead of a search engine")
	}
	rb, err := startTimelineBench(ctx, cfg, logger, out, o)
	if err != nil {
		return err
	}
	defer stopReadBench(rb, logger)
	if err := rb.waitCaughtUp(ctx, logger); err != nil {
		return err
	}
	fmt.Fprintln(out, "measuring command -> searchable lag")
	lag := benchSearchLag(ctx, rb, o.LagClients, cfg.Duration, o.Conversations, o.LagTimeout)
	fmt.Fprintln(out, "measuring timeline pages")
	all := make([]string, o.Conversations)
	for i := range all {
		all[i] = rb.gen.ConversationID(i)
	}
	pages := benchTimelinePages(ctx, "timeline page (limit 50), API key (whole account)", rb.srv, all, cfg.Concurrency, cfg.Duration)
	mine, err := rb.benchAgentConversations(ctx, o.Conversations)
	if err != nil {
		return err
	}
	agentPages := benchTimelinePages(ctx, "timeline page (limit 50), web agent (2 inboxes, unassigned + own)", rb.agent, mine, cfg.Concurrency, cfg.Duration)
	return readReport("timeline", rb, map[string]string{"rebuild": ">= 5,000 docs/s", "searchable lag p99": "<= 1.5 s", "timeline page p99": "<= 20 ms"},
		[]loadgen.Result{lag, pages, agentPages}).write(out, cfg.Output)
}

// startTimelineBench seeds and rebuilds the inbox views as the read-side
// suites do, indexes the timeline from the start of the log (timed), then
// starts Parley with the same timeline store, its indexer at the head.
func startTimelineBench(ctx context.Context, cfg config.Bench, logger *slog.Logger, out io.Writer, o timelineBenchOptions) (*readBench, error) {
	rb, err := openReadBench(ctx, cfg, logger, "parley-bench-timeline-")
	if err != nil {
		return nil, err
	}
	if err := rb.load(ctx, logger, out, o.Conversations); err != nil {
		return nil, errors.Join(err, rb.stop())
	}
	if err := rebuildTimeline(ctx, rb, logger, out, o); err != nil {
		return nil, errors.Join(err, rb.stop())
	}
	err = rb.serve(ctx, cfg, logger, func(c *config.Serve) {
		c.ElasticsearchURL, c.SearchOpenSearchCompat = o.ElasticsearchURL, o.OpenSearchCompat
	})
	if err != nil {
		return nil, errors.Join(err, rb.stop())
	}
	return rb, nil
}

// rebuildTimeline runs the timeline indexer from position 0 to the head,
// under the checkpoint name serve's timeline uses, into the engine (its
// indexes deleted and recreated first, refresh off while it fills them, as
// a side-by-side rebuild does) or into PostgreSQL.
func rebuildTimeline(ctx context.Context, rb *readBench, logger *slog.Logger, out io.Writer, o timelineBenchOptions) error {
	pool := rb.db.Pool
	key, err := secrets.Get(ctx, pool, "analytics-phone-hash", 32)
	if err != nil {
		return fmt.Errorf("bench timeline: %w", err)
	}
	folder, err := timeline.NewFolder(timeline.NewPhoneHasher(key))
	if err != nil {
		return fmt.Errorf("bench timeline: %w", err)
	}
	name, target, where := "timeline", timeline.DocStore(nil), "PostgreSQL"
	var engine *estimeline.Client
	if o.ElasticsearchURL == "" {
		s, err := pgtimeline.NewStore(pool, "")
		if err != nil {
			return fmt.Errorf("bench timeline: %w", err)
		}
		target = s.DocStore()
	} else {
		engine, err = estimeline.New(estimeline.Config{Addresses: []string{o.ElasticsearchURL}, OpenSearchCompat: o.OpenSearchCompat, Logger: logger})
		if err != nil {
			return fmt.Errorf("bench timeline: search engine: %w", err)
		}
		if err := freshIndexes(ctx, engine); err != nil {
			return err
		}
		name, target, where = "timeline-es", engine.DocStore(), o.ElasticsearchURL
	}
	store, err := postgres.New(ctx, pool, postgres.Config{})
	if err != nil {
		return fmt.Errorf("bench timeline: %w", err)
	}
	defer store.Close()
	// The read benches' setup starts "timeline" at the head; this rebuild
	// starts from 0. With a search engine, serve runs "timeline-es" only:
	// a "timeline" checkpoint left behind would count as lagging forever.
	if _, err := pool.Exec(ctx, `UPDATE projection_checkpoints SET position = 0 WHERE name = $1`, name); err != nil {
		return fmt.Errorf("bench timeline: reset checkpoint %s: %w", name, err)
	}
	if name != "timeline" {
		if _, err := pool.Exec(ctx, `DELETE FROM projection_checkpoints WHERE name = 'timeline'`); err != nil {
			return fmt.Errorf("bench timeline: %w", err)
		}
	}
	docs := &countedWrites{DocStore: target}
	ix, err := timeline.NewIndexer(timeline.IndexerConfig{Name: name, DB: pool, Store: store, Docs: docs, Folder: folder, Logger: logger})
	if err != nil {
		return fmt.Errorf("bench timeline: %w", err)
	}
	start := time.Now()
	stop := everyFewSeconds(ctx, func() {
		fmt.Fprintf(out, "indexing the timeline: %d documents, %.0f docs/s\n", docs.docs.Load(), float64(docs.docs.Load())/time.Since(start).Seconds())
	})
	events, err := ix.CatchUp(ctx)
	stop()
	if err != nil {
		return fmt.Errorf("bench timeline: rebuild: %w", err)
	}
	took := time.Since(start)
	if engine != nil {
		if err := engine.SetRefreshInterval(ctx, estimeline.LiveRefreshInterval); err != nil {
			return fmt.Errorf("bench timeline: %w", err)
		}
	}
	rb.extra["timeline rebuild"] = fmt.Sprintf("%d events -> %d documents into %s in %s: %.0f docs/s (%.0f events/s)",
		events, docs.docs.Load(), where, took.Round(time.Millisecond), float64(docs.docs.Load())/took.Seconds(), float64(events)/took.Seconds())
	fmt.Fprintln(out, "rebuilt "+rb.extra["timeline rebuild"])
	return nil
}

// freshIndexes deletes the engine's parley-* indexes and creates them
// again with refresh off: a rebuild from 0 into indexes that already hold
// the documents would only measure version conflicts.
func freshIndexes(ctx context.Context, c *estimeline.Client) error {
	if err := c.DeleteAll(ctx); err != nil {
		return fmt.Errorf("bench timeline: delete the indexes: %w", err)
	}
	if err := c.Setup(ctx); err != nil {
		return fmt.Errorf("bench timeline: set the indexes up: %w", err)
	}
	if err := c.SetRefreshInterval(ctx, "-1"); err != nil {
		return fmt.Errorf("bench timeline: %w", err)
	}
	return nil
}

// countedWrites counts the documents written, for the rebuild rate.
type countedWrites struct {
	timeline.DocStore
	docs atomic.Int64
}

func (d *countedWrites) Write(ctx context.Context, ch timeline.Changes) error {
	if err := d.DocStore.Write(ctx, ch); err != nil {
		return err
	}
	d.docs.Add(int64(ch.Len()))
	return nil
}

// everyFewSeconds calls f every five seconds until the returned stop runs.
func everyFewSeconds(ctx context.Context, f func()) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(5 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				f()
			}
		}
	}()
	return func() { cancel(); <-done }
}
