package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/parley-inbox/parley/internal/config"
)

// startServeInProcess runs `parley serve` with cfg (an external PostgreSQL,
// free loopback ports) inside the bench process, like startBenchServer but
// over a database the suite has prepared and with the suite's API keys.
func startServeInProcess(ctx context.Context, cfg config.Serve, logger *slog.Logger) (*benchServer, error) {
	cfg.CommandAddr, cfg.QueryAddr = "127.0.0.1:0", "127.0.0.1:0"
	// The channel listeners (webhooks, SMTP) take fixed ports by default,
	// which a running `parley serve` may hold; serve reads them from the
	// environment only.
	for _, name := range []string{"PARLEY_CHANNELS_ADDR", "PARLEY_CHANNELS_SMTP_ADDR"} {
		if _, set := os.LookupEnv(name); !set {
			if err := os.Setenv(name, "127.0.0.1:0"); err != nil {
				return nil, err
			}
		}
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	var (
		mu    sync.Mutex
		addrs = map[string]string{}
		ready = make(chan struct{})
		done  = make(chan error, 1)
	)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	go func() {
		done <- serve(ctx, cfg, quiet, io.Discard, func(name, addr string) {
			mu.Lock()
			defer mu.Unlock()
			addrs[name] = addr
			if len(addrs) == 2 {
				close(ready)
			}
		})
	}()
	select {
	case <-ready:
	case err := <-done:
		cancel()
		return nil, fmt.Errorf("bench: parley did not start: %w", err)
	case <-time.After(2 * time.Minute):
		cancel()
		return nil, errors.New("bench: parley did not start within 2 minutes")
	}
	logger.Info("parley started for the bench", "command", addrs["command"], "query", addrs["query"])
	return &benchServer{
		CommandURL: "http://" + addrs["command"],
		QueryURL:   "http://" + addrs["query"],
		Key:        readBenchKey,
		stop: func() error {
			cancel()
			return <-done
		},
	}, nil
}
