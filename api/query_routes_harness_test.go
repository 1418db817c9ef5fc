package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/inbox"
	"github.com/parley-inbox/parley/query"
)

// queryHarness is the whole read path for real: the PostgreSQL event store
// holding seeded histories, the projections runtime running the inbox
// projector, the query service and its routes behind API keys.
type queryHarness struct {
	pool  *pgxpool.Pool
	store eventstore.Store
	gen   *seed.Generator
	srv   *httptest.Server
	head  uint64 // position of the last seeded event
}

// Keys of agent 3 of account 1 and of an agent of account 2.
const (
	keyQueryAcct1 = "key-query-acct-1"
	keyQueryAcct2 = "key-query-acct-2"
)

func newQueryHarness(t *testing.T, conversations int) *queryHarness {
	t.Helper()
	ctx := t.Context()
	pool := pgtest.Pool(t, postgres.Migrate, projections.Migrate, func(ctx context.Context, p *pgxpool.Pool) error { return inbox.Migrate(ctx, p, inbox.DefaultSchema) })
	store, err := postgres.New(ctx, pool, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Close)
	opts := seed.SeedOptions{Conversations: conversations, Accounts: 2, Seed: 3, Prefix: "q"}
	if err := seed.Seed(ctx, store, opts, nil); err != nil {
		t.Fatal(err)
	}
	gen, err := seed.NewGenerator(opts.Seed, opts.Accounts, opts.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	h := &queryHarness{pool: pool, store: store, gen: gen}
	if err := store.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	evs, err := store.ReadAll(ctx, 0, 100_000)
	if err != nil || len(evs) == 0 {
		t.Fatalf("read log: %d events, %v", len(evs), err)
	}
	h.head = evs[len(evs)-1].Position
	progress := h.startProjector(t)
	h.srv = httptest.NewServer(h.engine(t, progress))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *queryHarness) startProjector(t *testing.T) *projections.Progress {
	t.Helper()
	p, err := inbox.NewProjector(inbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	progress := projections.NewProgress(h.pool, projections.ProgressConfig{MaxWait: 10 * time.Second, Logger: slog.New(slog.DiscardHandler)})
	rt, err := projections.New(projections.Config{DB: h.pool, Store: h.store, Projectors: []projections.Projector{p},
		Progress: progress, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	go func() { _ = rt.Run(ctx); done <- struct{}{} }()
	go func() { _ = progress.Run(ctx); done <- struct{}{} }()
	t.Cleanup(func() { cancel(); <-done; <-done })
	return progress
}

func (h *queryHarness) engine(t *testing.T, progress *projections.Progress) http.Handler {
	t.Helper()
	svc, err := query.NewService(h.pool, query.Config{CursorKey: []byte("a-cursor-key-of-at-least-32-bytes!!")})
	if err != nil {
		t.Fatal(err)
	}
	keys, err := NewAPIKeys([]APIKey{
		{Secret: keyQueryAcct1, Principal: Principal{AccountID: seed.AccountID(0), Actor: domain.Actor{Kind: domain.ActorAgent, ID: seed.AgentID(0, 2)}}},
		{Secret: keyQueryAcct2, Principal: Principal{AccountID: seed.AccountID(1), Actor: domain.Actor{Kind: domain.ActorAgent, ID: seed.AgentID(1, 0)}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(Options{Name: "query", Logger: slog.New(slog.DiscardHandler)})
	if err := RegisterQueryRoutes(e.Group(BasePath, RequireAuth(keys)), svc, QueryRoutesConfig{Progress: progress}); err != nil {
		t.Fatal(err)
	}
	undocumented, _, err := RouteDiff(OpenAPIDocument(), e)
	if err != nil || len(undocumented) > 0 {
		t.Fatalf("query routes missing from api/openapi.yaml: %v (%v)", undocumented, err)
	}
	return e
}

// get sends GET path with key and decodes a JSON body into out (if set).
func (h *queryHarness) get(t *testing.T, key, path string, out any) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, h.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil && res.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, out); err != nil {
			t.Fatalf("GET %s: %v in %s", path, err, body)
		}
	}
	return res.StatusCode, res.Header, body
}
