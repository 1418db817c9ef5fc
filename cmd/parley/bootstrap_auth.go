package main

// This file builds the accounts-and-permissions side of a process: the
// authenticator every API uses (issued tokens, configured API keys, session
// cookies), the login and admin routes, the directory read model, and the
// agent directory behind note mentions.

import (
	"context"
	"fmt"
	"net"
	"os"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/auth"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/directory"
)

// authParts are shared by the routes of one process.
type authParts struct {
	authn  *api.Credentials
	store  *auth.Store
	dir    *directory.Reader
	hasher *auth.Hasher
}

func newAuthParts(d Deps) (*authParts, error) {
	keys, err := authenticator(d.APIKeys)
	if err != nil {
		return nil, err
	}
	a := &authParts{store: auth.NewStore(d.Pool), dir: directory.NewReader(d.Pool), hasher: auth.NewHasher(auth.DefaultArgon2(), 4)}
	a.authn, err = api.NewCredentials(api.CredentialConfig{Keys: keys, Store: a.store, Directory: a.dir, Logger: d.Logger})
	if err != nil {
		return nil, fmt.Errorf("authenticator: %w", err)
	}
	return a, nil
}

// registerRoutes mounts login, logout, /auth/me and the admin API on the
// command server.
func (a *authParts) registerRoutes(d Deps, e *gin.Engine, cmds *api.CommandAPI) error {
	accounts, err := command.NewAccounts(d.Store, time.Now)
	if err != nil {
		return err
	}
	login := api.LoginConfig{Store: a.store, Directory: a.dir, Hasher: a.hasher, InsecureCookie: loopback(d.Config.CommandAddr), Accounts: accounts}
	if err := api.RegisterLoginRoutes(e, a.authn, login); err != nil {
		return err
	}
	return api.RegisterAdminRoutes(cmds, api.AdminConfig{Accounts: accounts, Store: a.store, Directory: a.dir, Hasher: a.hasher})
}

// purgeSessions deletes expired sessions every hour.
func (a *authParts) purgeSessions(ctx context.Context) error {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case now := <-t.C:
			if _, err := a.store.PurgeSessions(ctx, now); err != nil && ctx.Err() == nil {
				return fmt.Errorf("purge sessions: %w", err)
			}
		}
	}
}

// loopback reports whether addr listens on a loopback host only, where a
// plain-HTTP session cookie cannot leave the machine.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// accountMigrations are the schemas of credentials and the directory.
func accountMigrations() []migration {
	return []migration{{name: "credentials", apply: auth.Migrate}, {name: "directory views", apply: directory.Migrate}}
}

// accountProjectors are the read models of account configuration.
func accountProjectors() ([]projections.Projector, error) {
	p, err := directory.NewProjector()
	if err != nil {
		return nil, fmt.Errorf("directory projector: %w", err)
	}
	return []projections.Projector{p}, nil
}

// mentionAgents is the agent directory behind note mentions: the users of
// the account, plus the agents holding a configured API key.
type mentionAgents struct {
	static command.StaticAgents
	dir    *directory.Reader
}

// AgentIDs implements command.AgentDirectory.
func (m mentionAgents) AgentIDs(ctx context.Context, accountID string) ([]string, error) {
	users, err := m.dir.AgentIDs(ctx, accountID)
	if err != nil {
		return nil, err
	}
	for _, id := range m.static[accountID] {
		if !slices.Contains(users, id) {
			users = append(users, id)
		}
	}
	return users, nil
}

// agentDirectory is the command side's directory of agents.
func agentDirectory(d Deps) mentionAgents {
	return mentionAgents{static: agentsFromKeys(d.APIKeys), dir: directory.NewReader(d.Pool)}
}

// addTasks adds the first start's bootstrap and the session purge to bg.
func (a *authParts) addTasks(d Deps, bg *background) {
	bg.Add("bootstrap", func(ctx context.Context) error { return bootstrapAdmin(ctx, d, a, os.LookupEnv) })
	bg.Add("session purge", a.purgeSessions)
}
