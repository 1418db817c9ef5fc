package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/internal/config"
)

// process is what one `parley serve` runs for its role: HTTP servers and
// background tasks (projectors, the live hub, housekeeping).
type process struct {
	servers []namedServer
	bg      background
}

// background collects the long-running parts of a role. They run until
// shutdown begins; one failing stops the process.
type background struct {
	tasks []task
}

type task struct {
	name string
	run  func(ctx context.Context) error
}

// Add registers a task to run while the process serves.
func (b *background) Add(name string, run func(ctx context.Context) error) {
	b.tasks = append(b.tasks, task{name, run})
}

type namedServer struct {
	name, addr string
	handler    http.Handler
}

// buildProcess builds the HTTP engines of cfg's role.
func buildProcess(cfg config.Serve, d Deps) (*process, error) {
	metrics, err := api.NewMetrics(d.Registry)
	if err != nil {
		return nil, err
	}
	accountsAuth, err := newAuthParts(d) // accounts: issued tokens, sessions and configured keys
	if err != nil {
		return nil, err
	}
	auth := accountsAuth.authn
	opts := func(name string) api.Options {
		return api.Options{Name: name, Logger: d.Logger, Metrics: metrics, Ready: []api.ReadinessCheck{{Name: "postgres", Check: d.Pool.Ping}}}
	}
	p := &process{}
	var commandEngine http.Handler // role all: the web app reaches the commands through the query server
	if cfg.Serves(config.RoleQuery) || cfg.Serves(config.RoleProjector) {
		p.bg.Add("projection progress", d.Progress.Run)
	}
	if cfg.Serves(config.RoleCommand) || cfg.Serves(config.RoleQuery) {
		d.Presence = newPresence(d, &p.bg) // presence: one store for the presence routes and the fresh-view rule
	}
	if cfg.Serves(config.RoleCommand) {
		e := api.NewEngine(opts("command"))
		idem := api.NewIdempotency(d.Pool, 0, 0)
		p.bg.Add("idempotency key purge", func(ctx context.Context) error { return purgeIdempotencyKeys(ctx, idem, d.Logger) })
		cmds, err := api.NewCommandAPI(e, api.CommandConfig{Auth: auth, Idempotency: idem, Metrics: metrics})
		if err != nil {
			return nil, err
		}
		if err := registerCommandRoutes(d, cmds); err != nil {
			return nil, err
		}
		if err := accountsAuth.registerRoutes(d, e, cmds); err != nil { // accounts: login and admin API
			return nil, err
		}
		accountsAuth.addTasks(d, &p.bg) // accounts: first-start bootstrap, session purge
		p.servers = append(p.servers, namedServer{"command", cfg.CommandAddr, e})
		commandEngine = e
	}
	if cfg.Serves(config.RoleQuery) {
		e := api.NewEngine(opts("query"))
		if err := registerQueryRoutes(d, e, auth, &p.bg); err != nil {
			return nil, err
		}
		if err := registerWebRoutes(d, e, commandEngine); err != nil { // web inbox
			return nil, err
		}
		p.servers = append(p.servers, namedServer{"query", cfg.QueryAddr, e})
	}
	if cfg.Serves(config.RoleProjector) {
		if err := addProjectors(d, &p.bg); err != nil {
			return nil, err
		}
	}
	if cfg.Role == config.RoleProjector {
		p.servers = append(p.servers, namedServer{"ops", cfg.OpsAddr, api.NewEngine(opts("ops"))})
	}
	return p, nil
}

// run listens on every address first (so that a taken port fails the start),
// then serves until ctx ends or a part fails, then shuts down gracefully.
func (p *process) run(ctx context.Context, cfg config.Serve, d Deps, listening func(name, addr string)) error {
	listeners := make([]net.Listener, 0, len(p.servers))
	for _, s := range p.servers {
		ln, err := net.Listen("tcp", s.addr)
		if err != nil {
			for _, l := range listeners {
				_ = l.Close()
			}
			return fmt.Errorf("%s server: %w", s.name, err)
		}
		listeners = append(listeners, ln)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, len(p.servers)+len(p.bg.tasks))
	goRun := func(f func() error) {
		wg.Go(func() {
			if err := f(); err != nil {
				errs <- err
				cancel()
			}
		})
	}
	httpServers := make([]*http.Server, len(p.servers))
	for i, s := range p.servers {
		srv := newHTTPServer(s.handler, d.Logger)
		httpServers[i] = srv
		goRun(func() error {
			if err := srv.Serve(listeners[i]); !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("%s server: %w", s.name, err)
			}
			return nil
		})
		listening(s.name, listeners[i].Addr().String())
	}
	for _, t := range p.bg.tasks {
		goRun(func() error {
			if err := t.run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			return nil
		})
	}
	<-ctx.Done()
	d.Logger.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	shutdownCtx, stop := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer stop()
	var all []error
	for i, srv := range httpServers {
		if err := srv.Shutdown(shutdownCtx); err != nil {
			all = append(all, fmt.Errorf("%s server shutdown: %w", p.servers[i].name, err))
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}

func newHTTPServer(h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// purgeIdempotencyKeys deletes expired idempotency keys every hour.
func purgeIdempotencyKeys(ctx context.Context, idem *api.Idempotency, logger *slog.Logger) error {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			n, err := idem.Purge(ctx)
			if err != nil && ctx.Err() == nil {
				logger.Warn("purge idempotency keys", "error", err)
				continue
			}
			logger.Debug("purged idempotency keys", "count", n)
		}
	}
}
