package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/parley-inbox/parley/internal/config"
)

// benchServer is a whole Parley (`serve`, role all) started inside the bench
// process, listening on free loopback ports, so that benches measure real
// HTTP round trips against a real PostgreSQL.
type benchServer struct {
	CommandURL, QueryURL string
	Key                  string
	// Cookie, when set, is a logged-in agent's session (instead of Key).
	Cookie string
	stop   func() error
}

// authorize puts the server's credential on req: the session cookie when
// there is one, else the API key.
func (s *benchServer) authorize(req *http.Request) {
	if s.Cookie != "" {
		req.Header.Set("Cookie", s.Cookie)
		return
	}
	req.Header.Set("Authorization", "Bearer "+s.Key)
}

const benchKey = "bench-key-0123456789abcdef"

// startBenchServer starts Parley for a bench. Without --postgres-url it runs
// an embedded PostgreSQL in a fresh temporary directory (removed at stop),
// so a bench never touches the data of `parley serve`.
func startBenchServer(ctx context.Context, b config.Bench, logger *slog.Logger) (*benchServer, error) {
	return startBenchServerRole(ctx, b, logger, config.RoleAll)
}

// startBenchServerRole is startBenchServer for one role of `parley serve`
// (all, or command: the command API alone, as production runs it).
func startBenchServerRole(ctx context.Context, b config.Bench, logger *slog.Logger, role string) (*benchServer, error) {
	var cfg config.Serve
	_ = cfg.FlagSet() // sets the defaults
	cfg.Log = b.Log
	cfg.DB = b.DB
	var tmp string
	if cfg.DB.Embedded() {
		var err error
		if tmp, err = os.MkdirTemp("", "parley-bench-"); err != nil {
			return nil, err
		}
		cfg.DB.DataDir = tmp
	}
	cfg.CommandAddr, cfg.QueryAddr = "127.0.0.1:0", "127.0.0.1:0"
	cfg.Role = role
	cfg.APIKeys = benchKey + "=bench:agent:bench-agent"
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	var (
		mu        sync.Mutex
		addrs     = map[string]string{}
		ready     = make(chan struct{})
		readyOnce sync.Once
		done      = make(chan error, 1)
	)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil)) // access logs would dominate the profile
	go func() {
		done <- serve(ctx, cfg, quiet, io.Discard, func(name, addr string) {
			mu.Lock()
			defer mu.Unlock()
			addrs[name] = addr
			_, cmdUp := addrs["command"]
			_, queryUp := addrs["query"]
			if cmdUp && (queryUp || role == config.RoleCommand) {
				readyOnce.Do(func() { close(ready) })
			}
		})
	}()
	select {
	case <-ready:
	case err := <-done:
		cancel()
		return nil, errors.Join(fmt.Errorf("bench: parley did not start: %w", err), os.RemoveAll(tmp))
	case <-time.After(2 * time.Minute):
		cancel()
		return nil, fmt.Errorf("bench: parley did not start within 2 minutes")
	}
	logger.Info("parley started for the bench", "command", addrs["command"], "query", addrs["query"], "embedded_postgres", tmp != "")
	return &benchServer{
		CommandURL: "http://" + addrs["command"],
		QueryURL:   "http://" + addrs["query"],
		Key:        benchKey,
		stop: func() error {
			cancel()
			err := <-done
			if tmp != "" {
				err = errors.Join(err, os.RemoveAll(tmp))
			}
			return err
		},
	}, nil
}

// Stop shuts Parley down and removes its temporary data.
func (s *benchServer) Stop() error { return s.stop() }
