package assigner

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/assignment"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/projections"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const acc = "acme"

var (
	admin    = domain.Actor{Kind: domain.ActorAgent, ID: "root"}
	customer = domain.Actor{Kind: domain.ActorContact, ID: "c"}
)

// presenceMap is a Presence the test sets by hand.
type presenceMap struct {
	mu    sync.Mutex
	state map[string]bool
	since map[string]time.Time
}

func (p *presenceMap) set(agent string, online bool, since time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.state[agent], p.since[agent] = online, since
}

func (p *presenceMap) Availability(_, agent string) (bool, time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state[agent] {
		return true, time.Time{}
	}
	return false, p.since[agent]
}

// env is a database with the event store, the projection tables and the
// assigner's, a configured account and command handlers.
type env struct {
	t        *testing.T
	pool     *pgxpool.Pool
	store    *postgres.Store
	cmds     *command.Handlers
	configs  *Configs
	presence *presenceMap
	dir      StaticDirectory
	now      time.Time
	seq      atomic.Int64
}

func newEnv(t *testing.T, agents ...string) *env {
	t.Helper()
	ctx := t.Context()
	pc, err := pgxpool.ParseConfig(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	pc.MaxConns = 16 // two runtimes, two sweepers, their subscriptions and commands
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	for _, m := range []func(context.Context, *pgxpool.Pool) error{postgres.Migrate, projections.Migrate, Migrate} {
		if err := m(ctx, pool); err != nil {
			t.Fatal(err)
		}
	}
	store, err := postgres.New(ctx, pool, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Close)
	cmds, err := command.NewHandlers(store, command.StaticAgents{}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	configs, err := NewConfigs(store, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, pool: pool, store: store, cmds: cmds, configs: configs, now: time.Now(),
		presence: &presenceMap{state: map[string]bool{}, since: map[string]time.Time{}},
		dir: StaticDirectory{Inboxes: map[string]map[string][]string{acc: {"wa": agents, "mail": agents}},
			Members: map[string]map[string][]string{acc: {}}}}
	for _, a := range agents {
		e.presence.set(a, true, e.now.Add(-time.Hour))
	}
	return e
}

func (e *env) config(cmds ...assignment.Command) {
	e.t.Helper()
	for _, c := range cmds {
		if _, err := e.configs.Run(e.t.Context(), c, command.Meta{AccountID: acc, Actor: admin, CommandID: fmt.Sprintf("cfg-%d", e.seq.Add(1))}); err != nil {
			e.t.Fatalf("configure %T: %v", c, err)
		}
	}
}

// conv runs a conversation command as by.
func (e *env) conv(id string, by domain.Actor, c conversation.Command) {
	e.t.Helper()
	if _, err := e.cmds.Conversation(e.t.Context(), id, c, command.Meta{AccountID: acc, Actor: by, CommandID: fmt.Sprintf("cmd-%d", e.seq.Add(1))}); err != nil {
		e.t.Fatalf("%s on %s: %v", c.CommandType(), id, err)
	}
}

// open opens a customer conversation in inbox with a first message.
func (e *env) open(id, inbox, text string) {
	e.t.Helper()
	e.conv(id, customer, conversation.OpenConversation{InboxID: inbox, Channel: conversation.ChannelTelegram, ContactID: "c-" + id,
		FirstInbound: &conversation.ReceiveMessage{MessageID: "m-" + id, Type: conversation.TypeText, Text: text, SentAt: e.now}})
}

func (e *env) cfg() Config {
	c, err := NewCommander(e.store, time.Now)
	if err != nil {
		e.t.Fatal(err)
	}
	return Config{Directory: e.dir, Commander: c, Presence: e.presence, Now: func() time.Time { return e.now }}
}

func (e *env) projector(cfg Config) *Projector {
	p, err := NewProjector(cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *env) sweeper(cfg Config) *Sweeper {
	s, err := NewSweeper(e.pool, cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

func metaFor(account string, by domain.Actor, n int64) command.Meta {
	return command.Meta{AccountID: account, Actor: by, CommandID: fmt.Sprintf("meta-%d", n)}
}
