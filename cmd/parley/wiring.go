package main

// This file is where the parts of Parley plug into `parley serve` and
// `parley migrate`: schema migrations, the event store, the command and
// query routes, and the projectors. Each function is small on purpose.

import (
	"context"
	"fmt"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/esdb"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/config"
	"github.com/parley-inbox/parley/internal/secrets"
	"github.com/parley-inbox/parley/projections"
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
		migration{name: "inbox views", apply: func(ctx context.Context, pool *pgxpool.Pool) error {
			return inbox.Migrate(ctx, pool, inbox.DefaultSchema)
		}},
	)
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
	h, err := command.NewHandlers(d.Store, agentsFromKeys(d.APIKeys), time.Now)
	if err != nil {
		return fmt.Errorf("command handlers: %w", err)
	}
	api.RegisterCommandRoutes(cmds, h)
	return nil
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
	if err := api.RegisterQueryRoutes(group, svc, api.QueryRoutesConfig{Progress: d.Progress}); err != nil {
		return err
	}
	hub, err := live.NewHub(live.HubConfig{DB: d.Pool, Logger: d.Logger})
	if err != nil {
		return fmt.Errorf("live hub: %w", err)
	}
	bg.Add("live hub", hub.Run)
	_, err = api.RegisterStreamRoutes(engine, api.StreamConfig{
		Auth: auth, Hub: hub, DB: d.Pool,
		ConversationRow: api.QueryConversationRow(svc, nil), Progress: d.Progress,
	})
	return err
}

// addProjectors adds the projection runtime, with every projector, to bg.
func addProjectors(d Deps, bg *background) error {
	inboxProjector, err := inbox.NewProjector(inbox.Options{})
	if err != nil {
		return fmt.Errorf("inbox projector: %w", err)
	}
	rt, err := projections.New(projections.Config{
		DB:         d.Pool,
		Store:      d.Store,
		Projectors: []projections.Projector{inboxProjector, live.NewProjector(d.Logger)},
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
	return nil
}
