package main

// This file is where the parts of Parley plug into `parley serve` and
// `parley migrate`: schema migrations, the event store, the command and
// query routes, and the projectors. Each function is small on purpose.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/config"
)

// migrations lists every schema to apply, in order.
func migrations(eventStore string) []migration {
	ms := []migration{{name: "idempotency keys", apply: api.MigrateIdempotency}}
	if eventStore == config.EventStorePostgres {
		ms = append(ms, migration{name: "event store", apply: postgres.Migrate})
	}
	// HOOK(lead): projection schemas, e.g.
	//   migration{name: "projections", apply: projections.Migrate},
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
		// HOOK(lead): return esdb.New(ctx, d.Config.ESDBURL) once eventstore/esdb lands.
		return nil, errors.New("the EventStoreDB adapter is not wired into cmd/parley/wiring.go yet")
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
	// HOOK(lead): the query routes and the live stream, e.g.
	//   api.RegisterQueryRoutes(engine.Group(api.BasePath, api.RequireAuth(auth)), svc, api.QueryRoutesConfig{...})
	//   hub, err := live.NewHub(live.HubConfig{...}); bg.Add("live hub", hub.Run)
	//   api.RegisterStreamRoutes(engine, api.StreamConfig{Auth: auth, Hub: hub, DB: d.Pool})
	// cmd/parley's TestServedRoutesAreDocumented lists the routes still to wire.
	return nil
}

// addProjectors adds the projectors and process managers to bg.
func addProjectors(d Deps, bg *background) error {
	// HOOK(lead): the projection runtime over d.Store and d.Pool, e.g.
	//   rt, err := projections.New(projections.Config{...}); bg.Add("projections", rt.Run)
	d.Logger.Info("no projectors wired yet")
	return nil
}
