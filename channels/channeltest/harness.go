// Package channeltest runs the channel subsystem against a real PostgreSQL
// event store for end-to-end tests: command handlers, the webhook routes on
// a local HTTP server, the dispatcher, and helpers to read a conversation.
package channeltest

import (
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/system"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/internal/secrets"
)

// Harness is a running channel subsystem.
type Harness struct {
	T        testing.TB
	Pool     *pgxpool.Pool
	Store    *postgres.Store
	Handlers *command.Handlers
	System   *system.System
	Webhooks *httptest.Server // serves /webhooks/:inbox_id
	codec    *domain.Codec
	handled  uint64 // log position the dispatcher has been fed up to
	clock    *clock
}

type clock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Advance moves the command side's clock forward.
func (h *Harness) Advance(d time.Duration) {
	h.clock.mu.Lock()
	defer h.clock.mu.Unlock()
	h.clock.offset += d
}

// New starts a harness on a fresh database; options adjust the channel
// subsystem's configuration (media in S3, say).
func New(t testing.TB, options ...func(*system.Config)) *Harness {
	t.Helper()
	ctx := t.Context()
	pool := pgtest.Pool(t, postgres.Migrate, secrets.Migrate, system.Migrate)
	store, err := postgres.New(ctx, pool, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Close)
	clk := &clock{}
	h, err := command.NewHandlers(store, command.StaticAgents{}, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	gin.SetMode(gin.TestMode)
	e := api.NewEngine(api.Options{Name: "webhooks"})
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	cfg := system.Config{Pool: pool, Store: store, Commands: h, Registerer: prometheus.NewRegistry(), MediaDir: t.TempDir(), PublicURL: srv.URL}
	for _, o := range options {
		o(&cfg)
	}
	sys, err := system.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	api.RegisterWebhookRoutes(e, sys.Intake)
	api.RegisterMediaRoute(e, sys.Admin.Media)
	codec, err := conversation.NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	return &Harness{T: t, Pool: pool, Store: store, Handlers: h, System: sys, Webhooks: srv, codec: codec, clock: clk}
}

// Connect configures an inbox.
func (h *Harness) Connect(in channels.Inbox) {
	h.T.Helper()
	if err := h.System.Admin.Put(h.T.Context(), in); err != nil {
		h.T.Fatal(err)
	}
}

// WebhookURL is the webhook endpoint of an inbox.
func (h *Harness) WebhookURL(inboxID string) string { return h.Webhooks.URL + "/webhooks/" + inboxID }

// Dispatch feeds every event appended since the last call to the
// dispatcher, as its Watermill handler would.
// (An append is shown to readers only once every older transaction has
// ended, hence Settle first.)
func (h *Harness) Dispatch() {
	h.T.Helper()
	if err := h.Store.Settle(h.T.Context()); err != nil {
		h.T.Fatal(err)
	}
	for {
		evs, err := h.Store.ReadAll(h.T.Context(), h.handled, 10_000)
		if err != nil {
			h.T.Fatal(err)
		}
		if len(evs) == 0 {
			return
		}
		for _, ev := range evs {
			if err := h.System.Dispatcher.Handle(h.T.Context(), ev); err != nil {
				h.T.Fatalf("dispatch %s: %v", ev.Type, err)
			}
			h.handled = ev.Position
		}
	}
}

// Redeliver feeds every event from the start of the log again.
func (h *Harness) Redeliver() {
	h.handled = 0
	h.Dispatch()
}

// Reply sends an agent's message on a conversation.
func (h *Harness) Reply(accountID, conversationID string, msg conversation.SendMessage) error {
	_, err := h.Handlers.Conversation(h.T.Context(), conversationID, msg, command.Meta{
		AccountID: accountID, Actor: domain.Actor{Kind: domain.ActorAgent, ID: "alice"}, CommandID: "reply:" + msg.MessageID,
	})
	return err
}

// Events returns a conversation's decoded events.
func (h *Harness) Events(conversationID string) []domain.Event {
	h.T.Helper()
	recs, err := h.Store.ReadStream(h.T.Context(), conversation.StreamName(conversationID), eventstore.ReadStreamOptions{})
	if err != nil {
		h.T.Fatalf("read %s: %v", conversationID, err)
	}
	out := make([]domain.Event, 0, len(recs))
	for _, r := range recs {
		e, err := h.codec.Decode(r.Type, r.SchemaVersion, r.Data)
		if err != nil {
			h.T.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

// State folds a conversation.
func (h *Harness) State(conversationID string) conversation.State {
	var s conversation.State
	for _, e := range h.Events(conversationID) {
		s = conversation.Evolve(s, e)
	}
	return s
}

// Count returns how many events of a type a conversation has.
func Count[E domain.Event](events []domain.Event) int {
	n := 0
	for _, e := range events {
		if _, ok := e.(E); ok {
			n++
		}
	}
	return n
}
