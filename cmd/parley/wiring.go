package main

// This file is where the parts of Parley plug into `parley serve` and
// `parley migrate`: schema migrations, the event store, the command and
// query routes, and the projectors. Each function is small on purpose.

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/channels/media"
	chansystem "github.com/parley-inbox/parley/channels/system"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/esdb"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/config"
	"github.com/parley-inbox/parley/internal/secrets"
	"github.com/parley-inbox/parley/presence"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/assigner"
	"github.com/parley-inbox/parley/projections/inbox"
	"github.com/parley-inbox/parley/projections/live"
	"github.com/parley-inbox/parley/query"
)

// migrations lists every schema to apply, in order.
func migrations(eventStore string) []migration {
	ms := []migration{{name: "idempotency keys", apply: api.MigrateIdempotency}}
	if eventStore == config.EventStorePostgres {
		ms = append(ms, migration{name: "event store", apply: postgres.Migrate})
	}
	ms = append(ms,
		migration{name: "secrets", apply: secrets.Migrate},
		migration{name: "projections", apply: projections.Migrate},
		migration{name: "live changes", apply: live.Migrate},
		migration{name: "timeline", apply: migrateTimeline},
		migration{name: "inbox views", apply: func(ctx context.Context, pool *pgxpool.Pool) error {
			return inbox.Migrate(ctx, pool, inbox.DefaultSchema)
		}},
	)
	ms = append(ms, accountMigrations()...) // accounts: credentials and directory views
	// channels: inboxes and the traffic ledger
	ms = append(ms, migration{name: "channels", apply: chansystem.Migrate})
	ms = append(ms, migration{name: "assigner", apply: assigner.Migrate}) // assignment: the assigner's state
	ms = append(ms, savedViewsMigration)                                  // web inbox: saved views
	return ms
}

// openEventStore opens the configured event store.
func openEventStore(ctx context.Context, d Deps) (eventstore.Store, error) {
	switch d.Config.EventStore {
	case config.EventStorePostgres:
		s, err := postgres.New(ctx, d.Pool, postgres.Config{})
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL event store: %w", err)
		}
		return s, nil
	case config.EventStoreESDB:
		s, err := esdb.New(ctx, d.Config.ESDBURL)
		if err != nil {
			return nil, fmt.Errorf("open EventStoreDB event store: %w", err)
		}
		return s, nil
	}
	return nil, fmt.Errorf("unknown event store %q", d.Config.EventStore)
}

// registerCommandRoutes mounts the command routes on the command API.
func registerCommandRoutes(d Deps, cmds *api.CommandAPI) error {
	h, err := command.NewHandlers(d.Store, agentDirectory(d), time.Now)
	if err != nil {
		return fmt.Errorf("command handlers: %w", err)
	}
	cmds.Authorize(h)                       // accounts: object-level checks on every route registered below
	configs, err := assignmentConfigs(d, h) // assignment: settings, and the fresh-view rule on replies
	if err != nil {
		return err
	}
	api.RegisterCommandRoutes(cmds, h)
	if err := registerProjectionAdmin(d, cmds); err != nil { // projections: status, unpark, online rebuild
		return err
	}
	if err := registerChannelRoutes(d, cmds, h); err != nil { // channels: inbox connection, health, outreach
		return err
	}
	api.RegisterAssignmentRoutes(cmds, configs) // assignment: policies, rules, settings
	// web inbox: agents to mention, attachments
	if err := registerConversationHelpers(d, cmds, h); err != nil {
		return err
	}
	return registerBulkRoute(d, cmds, h) // web inbox: bulk actions
}

// agentsFromKeys is the agent directory until agents are event-sourced: the
// agents that hold an API key, per account.
func agentsFromKeys(keys []config.APIKey) command.StaticAgents {
	agents := command.StaticAgents{}
	for _, k := range keys {
		if k.Actor.Kind == domain.ActorAgent {
			agents[k.AccountID] = append(agents[k.AccountID], k.Actor.ID)
		}
	}
	return agents
}

// registerQueryRoutes mounts the query API's routes on engine; what they
// need running in the background (the live hub) is added to bg.
func registerQueryRoutes(d Deps, engine *gin.Engine, auth api.Authenticator, bg *background) error {
	svc, err := query.NewService(d.Pool, query.Config{CursorKey: d.CursorKey})
	if err != nil {
		return fmt.Errorf("query service: %w", err)
	}
	group := engine.Group(api.BasePath, api.RequireAuth(auth))
	if err := registerSignedMedia(d, engine); err != nil { // web inbox: attachments from the app's own origin
		return err
	}
	history, err := historyRoutes(d) // auditors: history, export, chain check, ?as_of= (cmd/parley/audit_wiring.go)
	if err != nil {
		return err
	}
	history.Register(group)
	if err := api.RegisterQueryRoutes(group, svc, api.QueryRoutesConfig{Progress: d.Progress, TimeTravel: history, Viewer: api.AccessViewer}); err != nil {
		return err
	}
	timelines, err := timelineReader(d)
	if err != nil {
		return err
	}
	if err := api.RegisterSearchRoutes(group, api.SearchRoutesConfig{Reader: timelines, Visible: api.ConversationVisibility(svc)}); err != nil {
		return err
	}
	if err := registerSavedViews(d, group); err != nil { // web inbox: saved views
		return err
	}
	hub, err := live.NewHub(live.HubConfig{DB: d.Pool, Logger: d.Logger})
	if err != nil {
		return fmt.Errorf("live hub: %w", err)
	}
	bg.Add("live hub", hub.Run)
	presenceEvents, err := addPresence(d, group, bg) // presence: routes, and its events on the stream
	if err != nil {
		return err
	}
	_, err = api.RegisterStreamRoutes(engine, api.StreamConfig{
		Auth: auth, Hub: hub, DB: d.Pool,
		ConversationRow: api.QueryConversationRow(svc, api.AccessViewer), Progress: d.Progress,
		Visible:    api.StreamVisibility(svc),
		SideEvents: presenceEvents,
	})
	return err
}

// addProjectors adds the projection runtime, with every projector, to bg.
func addProjectors(d Deps, bg *background) error {
	inboxProjector, err := inbox.NewProjector(inbox.Options{})
	if err != nil {
		return fmt.Errorf("inbox projector: %w", err)
	}
	accountViews, err := accountProjectors() // accounts: the directory read model
	if err != nil {
		return err
	}
	assignerProjector, err := addAssigner(d, bg) // assignment: the assigner process manager
	if err != nil {
		return err
	}
	projectors := append([]projections.Projector{inboxProjector, live.NewProjector(d.Logger), assignerProjector}, accountViews...)
	timelineProjector, err := addTimeline(d, bg) // timeline, search, metrics
	if err != nil {
		return err
	}
	if timelineProjector != nil {
		projectors = append(projectors, timelineProjector)
	}
	rt, err := projections.New(projections.Config{
		DB:         d.Pool,
		Store:      d.Store,
		Projectors: projectors,
		Registerer: d.Registry,
		Logger:     d.Logger,
		Progress:   d.Progress,
	})
	if err != nil {
		return fmt.Errorf("projection runtime: %w", err)
	}
	bg.Add("projections", rt.Run)
	bg.Add("live change retention", func(ctx context.Context) error {
		live.RunCleanup(ctx, d.Pool, live.Retention{Logger: d.Logger})
		return nil
	})
	return addChannels(d, bg) // channels: webhook server and outbound dispatcher
}

// ---- web inbox (issue 8): bulk commands and the web app ----

// registerBulkRoute mounts POST /api/v1/conversations/bulk, which selects
// conversations by id or by the list's filters (read from the inbox views).
func registerBulkRoute(d Deps, cmds *api.CommandAPI, h *command.Handlers) error {
	svc, err := query.NewService(d.Pool, query.Config{CursorKey: d.CursorKey})
	if err != nil {
		return fmt.Errorf("bulk: query service: %w", err)
	}
	return api.RegisterBulkRoute(cmds, api.BulkConfig{Commands: h, Lister: svc})
}

// registerWebRoutes serves the web inbox (web/dist, or PARLEY_WEB_DIR) at /
// on the query server. With the role `all`, commands is the command engine:
// the query server hands it the API requests it has no route for, so that
// the app talks to one origin.
func registerWebRoutes(d Deps, queryEngine *gin.Engine, commands http.Handler) error {
	dir := os.Getenv("PARLEY_WEB_DIR")
	if dir == "" {
		dir = filepath.Join("web", "dist")
	}
	return api.ServeWeb(queryEngine, api.WebConfig{Dir: dir, Commands: commands, Logger: d.Logger})
}

// ---- channels (issue 9): provider webhooks, outbound dispatcher, admin ----

// registerChannelRoutes mounts inbox connection (credentials write-only)
// and channel health on the command API.
func registerChannelRoutes(d Deps, cmds *api.CommandAPI, h *command.Handlers) error {
	admin, err := chansystem.NewAdmin(d.Pool, channelsConfig(d).AdminConfig())
	if err != nil {
		return err
	}
	api.RegisterChannelRoutes(cmds, admin, admin.Media, admin)
	outreach, err := chansystem.NewOutreach(admin, h)
	if err != nil {
		return err
	}
	api.RegisterOutreachRoute(cmds, outreach)
	return nil
}

// addChannels runs the webhook server (the one listener providers must
// reach; it also serves signed media URLs), the outbound dispatcher and the
// media prefetcher.
func addChannels(d Deps, bg *background) error {
	h, err := command.NewHandlers(d.Store, agentDirectory(d), time.Now)
	if err != nil {
		return fmt.Errorf("channels: command handlers: %w", err)
	}
	cfg := channelsConfig(d)
	cfg.Commands, cfg.Registerer, cfg.Logger = h, d.Registry, d.Logger
	if cfg.SendConcurrency, err = positiveEnv("PARLEY_CHANNELS_SEND_CONCURRENCY", 8); err != nil {
		return err
	}
	if cfg.MailPollConcurrency, err = positiveEnv("PARLEY_CHANNELS_IMAP_CONCURRENCY", 4); err != nil {
		return err
	}
	sys, err := chansystem.New(cfg)
	if err != nil {
		return err
	}
	bg.Add("channel webhooks", sys.ServeWebhooks)
	bg.Add("channel dispatcher", sys.Dispatcher.Run)
	bg.Add("channel media prefetch", sys.RunMediaPrefetch)
	bg.Add("channel smtp listener", sys.ServeMail)
	bg.Add("channel imap polling", sys.RunMailPolling)
	bg.Add("channel ledger purge", sys.RunHousekeeping)
	return nil
}

// positiveEnv is the positive integer in the environment variable name, or
// def when it is unset.
func positiveEnv(name string, def int) (int, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 || n > 1024 {
		return 0, fmt.Errorf("%s=%q: want a whole number from 1 to 1024", name, v)
	}
	return n, nil
}

// channelsConfig reads PARLEY_CHANNELS_ADDR (default 127.0.0.1:8083),
// PARLEY_CHANNELS_SMTP_ADDR (default 127.0.0.1:2525; "off" disables),
// PARLEY_CHANNELS_PUBLIC_URL and PARLEY_CHANNELS_MEDIA_DIR.
func channelsConfig(d Deps) chansystem.Config {
	addr := os.Getenv("PARLEY_CHANNELS_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8083"
	}
	smtpAddr := os.Getenv("PARLEY_CHANNELS_SMTP_ADDR")
	switch smtpAddr {
	case "":
		smtpAddr = "127.0.0.1:2525"
	case "off":
		smtpAddr = ""
	}
	return chansystem.Config{Pool: d.Pool, Store: d.Store, WebhookAddr: addr, SMTPAddr: smtpAddr,
		PublicURL: os.Getenv("PARLEY_CHANNELS_PUBLIC_URL"), MediaDir: os.Getenv("PARLEY_CHANNELS_MEDIA_DIR"), MediaS3: mediaS3FromEnv()}
}

// mediaS3FromEnv is the S3 bucket of channel media, if
// PARLEY_CHANNELS_MEDIA_S3_ENDPOINT is set (see media.S3ConfigFromEnv).
func mediaS3FromEnv() media.S3Config {
	cfg, _ := media.S3ConfigFromEnv(os.Getenv)
	return cfg
}

// ---- assignment and presence (issue 7) ----

// assignmentConfigs returns the assignment configuration service and makes
// h refuse agents' replies on a stale view in the accounts whose settings
// ask for it (require_fresh_view), judged by this process's presence.
func assignmentConfigs(d Deps, h *command.Handlers) (*assigner.Configs, error) {
	configs, err := assigner.NewConfigs(d.Store, time.Now)
	if err != nil {
		return nil, err
	}
	if d.Presence != nil {
		h.RequireFreshViews(freshViews{configs, d.Presence})
	}
	return configs, nil
}

// freshViews is command.FreshViews: the setting from the assignment
// configuration, the views from presence.
type freshViews struct {
	*assigner.Configs
	*presence.Store
}

// newPresence makes this process's presence store (shared with the other
// processes through NOTIFY), used by the presence routes and the
// fresh-view rule, and runs it in bg.
func newPresence(d Deps, bg *background) *presence.Store {
	store := presence.New(presence.Config{DB: d.Pool, Logger: d.Logger})
	bg.Add("presence", store.Run)
	return store
}

// addPresence runs this process's presence store (shared with the others
// through NOTIFY) and mounts its routes on group; it returns the source of
// presence events for the live stream.
func addPresence(d Deps, group *gin.RouterGroup, bg *background) (api.SideEventSource, error) {
	convs, err := command.NewHandlers(d.Store, agentDirectory(d), time.Now)
	if err != nil {
		return nil, fmt.Errorf("presence: command handlers: %w", err)
	}
	store := d.Presence
	if store == nil {
		store = newPresence(d, bg)
	}
	api.RegisterPresenceRoutes(group, api.PresenceConfig{Store: store, Conversations: convs})
	return api.PresenceEvents{Store: store, Conversations: convs}, nil
}

// addAssigner returns the assigner's projector and adds its sweeper and its
// own presence store (fed by every process's heartbeats) to bg. Agents and
// teams come from the accounts' directory tables plus the agents of
// configured API keys, who work every inbox.
func addAssigner(d Deps, bg *background) (projections.Projector, error) {
	commander, err := assigner.NewCommander(d.Store, time.Now)
	if err != nil {
		return nil, err
	}
	var sweeper *assigner.Sweeper
	pres := presence.New(presence.Config{DB: d.Pool, Logger: d.Logger, OnChange: func(c presence.Change) {
		if sweeper != nil && c.Agent != nil && c.Agent.Status == presence.Online {
			sweeper.Wake() // someone came online: drain the backlog now
		}
	}})
	cfg := assigner.Config{Commander: commander, Presence: pres, Logger: d.Logger,
		Directory: assigner.Union{assigner.NewDirectoryTables(d.Pool), assigner.StaticDirectory{Everywhere: agentsFromKeys(d.APIKeys)}}}
	if sweeper, err = assigner.NewSweeper(d.Pool, cfg); err != nil {
		return nil, err
	}
	p, err := assigner.NewProjector(cfg)
	if err != nil {
		return nil, err
	}
	bg.Add("assigner presence", pres.Run)
	bg.Add("assigner sweeper", sweeper.Run)
	return p, nil
}
