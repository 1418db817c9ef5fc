package main

// The timeline, search and metrics read model (issue 4): in PostgreSQL by
// default (pgtimeline, also the oracle of the contract suite), in
// Elasticsearch (or OpenSearch) with --elasticsearch-url.

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/timeline"
	"github.com/parley-inbox/parley/projections/timeline/estimeline"
	"github.com/parley-inbox/parley/projections/timeline/pgtimeline"
)

// migrateTimeline creates the PostgreSQL timeline tables (used without a
// search engine, and cheap to have with one).
func migrateTimeline(ctx context.Context, pool *pgxpool.Pool) error {
	return pgtimeline.Migrate(ctx, pool, "")
}

// searchEngine returns the Elasticsearch client when one is configured.
func searchEngine(d Deps) (*estimeline.Client, bool, error) {
	if d.Config.ElasticsearchURL == "" {
		return nil, false, nil
	}
	c, err := estimeline.New(estimeline.Config{Addresses: []string{d.Config.ElasticsearchURL}, OpenSearchCompat: d.Config.SearchOpenSearchCompat})
	if err != nil {
		return nil, false, fmt.Errorf("search engine: %w", err)
	}
	return c, true, nil
}

// timelineReader answers the timeline, search and metrics routes.
func timelineReader(d Deps) (timeline.Reader, error) {
	c, ok, err := searchEngine(d)
	if err != nil || ok {
		return c, err
	}
	r, err := pgtimeline.NewStore(d.Pool, "")
	if err != nil {
		return nil, fmt.Errorf("timeline store: %w", err)
	}
	return r, nil
}

// addTimeline adds the timeline projector: a PostgreSQL projector run by the
// projection runtime, or, with a search engine, its own indexer (bulk
// requests, checkpoint stored after each succeeded) as a background task.
func addTimeline(d Deps, bg *background) (projections.Projector, error) {
	// Phone numbers are kept only as last digits and a hash keyed by a
	// secret of the deployment (Deps.AnalyticsKey).
	folder, err := timeline.NewFolder(timeline.NewPhoneHasher(d.AnalyticsKey))
	if err != nil {
		return nil, err
	}
	c, ok, err := searchEngine(d)
	if err != nil {
		return nil, err
	}
	if !ok {
		p, err := pgtimeline.NewProjector("timeline", "", folder)
		if err != nil {
			return nil, fmt.Errorf("timeline projector: %w", err)
		}
		return p, nil
	}
	ix, err := timeline.NewIndexer(timeline.IndexerConfig{DB: d.Pool, Store: d.Store, Docs: c.DocStore(), Folder: folder, Progress: d.Progress, Logger: d.Logger})
	if err != nil {
		return nil, fmt.Errorf("timeline indexer: %w", err)
	}
	bg.Add("timeline indexer", func(ctx context.Context) error {
		if err := c.SetupWhenReachable(ctx); err != nil {
			return err
		}
		return ix.Run(ctx)
	})
	return nil, nil
}
