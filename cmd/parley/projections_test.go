package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/inbox"
	"github.com/parley-inbox/parley/query"
)

// readSide is a migrated database with a seeded log and a running live
// inbox projector, as a projector process would have it.
type readSide struct {
	url      string
	pool     *pgxpool.Pool
	store    *postgres.Store
	progress *projections.Progress
}

func newReadSide(t *testing.T, conversations int) *readSide {
	t.Helper()
	ctx := t.Context()
	rs := &readSide{url: pgtest.URL(t)}
	cfg, err := pgxpool.ParseConfig(rs.url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = 12
	if rs.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rs.pool.Close)
	quiet := slog.New(slog.DiscardHandler)
	if err := applyMigrations(ctx, rs.pool, migrations("postgres"), quiet); err != nil {
		t.Fatal(err)
	}
	if rs.store, err = postgres.New(ctx, rs.pool, postgres.Config{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rs.store.Close)
	if err := seed.Seed(ctx, rs.store, seed.SeedOptions{Conversations: conversations, Accounts: 2, Seed: 3}, nil); err != nil {
		t.Fatal(err)
	}
	rs.progress = projections.NewProgress(rs.pool, projections.ProgressConfig{MaxWait: time.Minute, Logger: quiet})
	live, err := inbox.NewProjector(inbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rt, err := projections.New(projections.Config{DB: rs.pool, Store: rs.store, Progress: rs.progress, Logger: quiet,
		Projectors: []projections.Projector{live}, StatusInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan error, 1)
	go func() { done <- rt.Run(runCtx) }()
	t.Cleanup(func() { stop(); <-done })
	rs.waitLive(t)
	return rs
}

// waitLive waits until the live projector has applied the whole log.
func (rs *readSide) waitLive(t *testing.T) {
	t.Helper()
	if err := rs.store.Settle(t.Context()); err != nil {
		t.Fatal(err)
	}
	evs, err := rs.store.ReadAll(t.Context(), 0, 10_000_000)
	if err != nil || len(evs) == 0 {
		t.Fatalf("read log: %d events, %v", len(evs), err)
	}
	if err := rs.progress.WaitFor(t.Context(), "inbox", evs[len(evs)-1].Position); err != nil {
		t.Fatal(err)
	}
}

// The inbox views are rebuilt beside the live ones while the live projector
// keeps applying new events and queries keep answering; the swapped-in
// views equal a from-scratch rebuild, and nothing is left behind.
func TestOnlineRebuildSwapsVerifiedViewsWhileQueriesRun(t *testing.T) {
	ctx := t.Context()
	rs := newReadSide(t, 400)
	svc, err := query.NewService(rs.pool, query.Config{CursorKey: []byte(strings.Repeat("k", 32))})
	if err != nil {
		t.Fatal(err)
	}
	params, err := query.ParseListParams(url.Values{"status": {"open"}})
	if err != nil {
		t.Fatal(err)
	}
	bg, stopBG := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var queries atomic.Int64
	var queryErr atomic.Value
	wg.Go(func() { // an agent paging the list all along
		for bg.Err() == nil {
			if _, err := svc.ListConversations(bg, query.Viewer{AccountID: seed.AccountID(0)}, params); err != nil && bg.Err() == nil {
				queryErr.Store(err)
			}
			queries.Add(1)
		}
	})
	wg.Go(func() { // new conversations while the rebuild runs
		for i := 0; bg.Err() == nil && i < 20; i++ {
			opts := seed.SeedOptions{Conversations: 15, Accounts: 2, Seed: uint64(100 + i), Workers: 2}
			if err := seed.Seed(bg, rs.store, opts, nil); err != nil && bg.Err() == nil {
				queryErr.Store(err)
			}
		}
	})

	var out, errs strings.Builder
	e := env{stdout: &out, stderr: &errs, lookupEnv: noEnv}
	if err := runProjections(ctx, []string{"rebuild", "inbox", "--postgres-url", rs.url, "--batch", "500"}, e); err != nil {
		t.Fatalf("rebuild: %v\n%s\n%s", err, out.String(), errs.String())
	}
	stopBG()
	wg.Wait()
	t.Logf("%s(%d list queries during the rebuild)", out.String(), queries.Load())
	if err, _ := queryErr.Load().(error); err != nil {
		t.Fatalf("during the rebuild: %v", err)
	}
	if !strings.Contains(out.String(), "verified equal: true") {
		t.Fatalf("rebuild output: %s", out.String())
	}
	rs.waitLive(t)
	assertEqualsScratchRebuild(t, rs)

	out.Reset()
	if err := runProjections(ctx, []string{"status", "--postgres-url", rs.url, "--output", "json"}, e); err != nil {
		t.Fatal(err)
	}
	var states []api.ProjectorState
	if err := json.Unmarshal([]byte(out.String()), &states); err != nil || len(states) == 0 {
		t.Fatalf("status json: %v\n%s", err, out.String())
	}
	for _, s := range states {
		if s.Name != "inbox" && s.Name != "inbox@inbox_check" {
			t.Errorf("unexpected checkpoint after the swap: %+v", s)
		}
	}
}

// assertEqualsScratchRebuild compares the live views with a from-scratch
// rebuild into inbox_check, and checks no rebuild schema was left behind.
func assertEqualsScratchRebuild(t *testing.T, rs *readSide) {
	t.Helper()
	ctx := t.Context()
	if err := inbox.Migrate(ctx, rs.pool, "inbox_check"); err != nil {
		t.Fatal(err)
	}
	check, err := inbox.NewProjector(inbox.Options{Schema: "inbox_check"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := projections.Rebuild(ctx, rs.pool, rs.store, check, projections.RebuildOptions{}); err != nil {
		t.Fatal(err)
	}
	live, err := inbox.Fingerprint(ctx, rs.pool, "inbox")
	if err != nil {
		t.Fatal(err)
	}
	scratch, err := inbox.Fingerprint(ctx, rs.pool, "inbox_check")
	if err != nil {
		t.Fatal(err)
	}
	for table, sum := range scratch {
		if live[table] != sum {
			t.Errorf("table %s: live %s, from scratch %s", table, live[table], sum)
		}
	}
	var left []string
	rows, err := rs.pool.Query(ctx, `SELECT nspname FROM pg_namespace WHERE nspname IN ('inbox_rebuild', 'inbox_previous')`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		left = append(left, s)
	}
	if len(left) > 0 {
		t.Errorf("schemas left behind: %v", left)
	}
}
