package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/inbox"
	"github.com/parley-inbox/parley/projections/live"
)

// Stream test credentials: two accounts.
const (
	streamKeyAcme   = "stream-key-acme"
	streamKeyGlobex = "stream-key-globex"
	streamKeySeeded = "stream-key-seeded" // internal/seed's first account
)

// streamEnv is a real database with the event store, the projection runtime
// running the live projector, and a hub and HTTP server per "process".
type streamEnv struct {
	db       *pgxpool.Pool
	store    eventstore.Store
	progress *projections.Progress
}

// newStreamEnv builds the environment; withInbox adds the inbox projector
// and its views (for list rows).
func newStreamEnv(t *testing.T, withInbox bool) *streamEnv {
	t.Helper()
	ctx := t.Context()
	db := pgtest.Pool(t, postgres.Migrate, projections.Migrate, live.Migrate)
	store, err := postgres.New(ctx, db, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Close)
	e := &streamEnv{db: db, store: store, progress: projections.NewProgress(db, projections.ProgressConfig{Logger: quietLog()})}
	projectors := []projections.Projector{live.NewProjector(quietLog())}
	if withInbox {
		if err := inbox.Migrate(ctx, db, inbox.DefaultSchema); err != nil {
			t.Fatal(err)
		}
		p, err := inbox.NewProjector(inbox.Options{})
		if err != nil {
			t.Fatal(err)
		}
		projectors = append(projectors, p)
	}
	rt, err := projections.New(projections.Config{DB: db, Store: store, Logger: quietLog(), Progress: e.progress,
		Projectors: projectors})
	if err != nil {
		t.Fatal(err)
	}
	runUntilCleanup(t, "runtime", rt.Run)
	runUntilCleanup(t, "progress", e.progress.Run)
	return e
}

// runUntilCleanup runs fn until the test ends and checks it returned cleanly.
func runUntilCleanup(t *testing.T, name string, fn func(context.Context) error) (stop func()) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(t.Context()))
	done := make(chan error, 1)
	go func() { done <- fn(ctx) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		// A stop during start-up may surface as the context's error.
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v", name, err)
		}
	}
	t.Cleanup(stop)
	return stop
}

// server is one API process: its own pool, hub and HTTP server.
type server struct {
	url     string
	hub     *live.Hub
	streams *api.StreamAPI
	stopHub func()
}

// serverOptions adjust a server: its engine, its hub and its stream.
type serverOptions struct {
	// readTimeout and writeTimeout are http.Server's.
	readTimeout, writeTimeout time.Duration
	engine                    api.Options
	hub                       live.HubConfig
	stream                    func(*api.StreamConfig)
}

// serve starts a server.
func (e *streamEnv) serve(t *testing.T, o serverOptions) *server {
	t.Helper()
	pool, err := pgxpool.New(t.Context(), e.db.Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	o.hub.DB, o.hub.Logger = pool, quietLog()
	hub, err := live.NewHub(o.hub)
	if err != nil {
		t.Fatal(err)
	}
	s := &server{hub: hub, stopHub: runUntilCleanup(t, "hub", hub.Run)}
	keys, err := api.NewAPIKeys([]api.APIKey{
		{Secret: streamKeyAcme, Principal: api.Principal{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "ann"}}},
		{Secret: streamKeyGlobex, Principal: api.Principal{AccountID: "globex", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "gus"}}},
		{Secret: streamKeySeeded, Principal: api.Principal{AccountID: seed.AccountID(0), Actor: domain.Actor{Kind: domain.ActorAgent, ID: "ann"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := api.StreamConfig{Auth: keys, Hub: hub, DB: pool}
	if o.stream != nil {
		o.stream(&cfg)
	}
	o.engine.Logger = quietLog()
	engine := api.NewEngine(o.engine)
	if s.streams, err = api.RegisterStreamRoutes(engine, cfg); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(engine)
	srv.Config.ReadTimeout, srv.Config.WriteTimeout = o.readTimeout, o.writeTimeout
	srv.Start()
	t.Cleanup(srv.Close)
	s.url = srv.URL
	return s
}

// message appends a received message to conversation conv of account and
// returns its global position.
func (e *streamEnv) message(t *testing.T, account, conv string) uint64 {
	t.Helper()
	data, _ := json.Marshal(map[string]any{"message_id": uuid.NewString(), "type": "text", "text": "hi from " + conv})
	res, err := e.store.Append(t.Context(), "conversation-"+conv, eventstore.Any(), []eventstore.EventData{{
		ID: uuid.New(), Type: "conversation.message_received", SchemaVersion: 2, Data: data,
		Metadata: eventstore.Metadata{AccountID: account, Actor: eventstore.Actor{Kind: "contact", ID: "k1"},
			OccurredAt: time.Now().UTC(), CommandID: uuid.NewString()}}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Position
}

// sseEvent is one parsed event; a comment line gives an event with only Comment.
type sseEvent struct {
	ID, Event, Data, Comment string
}

// sseClient reads a stream in the background.
type sseClient struct {
	resp   *http.Response
	events chan sseEvent // closed at the end of the stream
	cancel context.CancelFunc
}

// connect opens GET /api/v1/stream with key and extra headers; it fails the
// test unless the answer is 200 text/event-stream.
func connect(t *testing.T, s *server, key string, header http.Header, query string) *sseClient {
	t.Helper()
	resp, cancel := get(t, s, key, header, query)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("stream: %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	c := &sseClient{resp: resp, events: make(chan sseEvent, 64), cancel: cancel}
	go c.read()
	t.Cleanup(c.close)
	return c
}

func get(t *testing.T, s *server, key string, header http.Header, query string) (*http.Response, context.CancelFunc) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.WithoutCancel(t.Context()))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url+"/api/v1/stream"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp, cancel
}

func (c *sseClient) read() {
	defer close(c.events)
	sc := bufio.NewScanner(c.resp.Body)
	var ev sseEvent
	for sc.Scan() {
		line := sc.Text()
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch {
		case line == "":
			if ev != (sseEvent{}) {
				c.events <- ev
			}
			ev = sseEvent{}
		case field == "":
			ev.Comment = value
		case field == "id":
			ev.ID = value
		case field == "event":
			ev.Event = value
		case field == "data":
			ev.Data += value
		}
	}
}

// close disconnects the client.
func (c *sseClient) close() {
	c.cancel()
	_ = c.resp.Body.Close()
	for range c.events { // wait for the reader
	}
}

// next returns the next event, comments included; ok is false at the end of
// the stream.
func (c *sseClient) next(t *testing.T) (sseEvent, bool) {
	t.Helper()
	select {
	case ev, ok := <-c.events:
		return ev, ok
	case <-time.After(10 * time.Second):
		t.Fatal("timed out waiting for a stream event")
		return sseEvent{}, false
	}
}

// event returns the next event that is not a comment (or a retry hint).
func (c *sseClient) event(t *testing.T) sseEvent {
	t.Helper()
	for {
		ev, ok := c.next(t)
		if !ok {
			t.Fatal("the stream ended")
		}
		if ev.Event != "" || ev.Data != "" {
			return ev
		}
	}
}

// expect returns the next event, failing unless it is named name.
func (c *sseClient) expect(t *testing.T, name string) sseEvent {
	t.Helper()
	ev := c.event(t)
	if ev.Event != name {
		t.Fatalf("got event %q (id %q, data %s), want %q", ev.Event, ev.ID, ev.Data, name)
	}
	return ev
}

// eventually polls cond until it holds, failing after a deadline.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond) // polling interval, not synchronisation
	}
}

func quietLog() *slog.Logger { return slog.New(slog.DiscardHandler) }
