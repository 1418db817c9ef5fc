package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/parley-inbox/parley/internal/config"
	"github.com/parley-inbox/parley/internal/loadgen"
)

// benchAssignSuite measures automatic assignment: a customer opens a
// conversation; the assigner (round robin among online agents) assigns it.
func benchAssignSuite() benchSuite {
	return benchSuite{
		Name:    "assign",
		Summary: "auto-assignment latency: conversation opened -> assigned event (p50/p99), and open sent -> assignment on the live stream",
		Run:     benchAssign,
	}
}

func benchAssign(ctx context.Context, cfg config.Bench, logger *slog.Logger, out io.Writer) error {
	srv, err := startBenchServer(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer func() {
		if err := srv.Stop(); err != nil {
			logger.Error("stopping parley", "err", err)
		}
	}()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var bg sync.WaitGroup
	defer bg.Wait()
	defer cancel()
	w := newAssignWatch()
	ready, followErr := make(chan struct{}), make(chan error, 1)
	bg.Go(func() { followErr <- w.follow(ctx, srv, ready) })
	select {
	case <-ready:
	case err := <-followErr:
		return err
	}
	hc := loadgen.NewClient(cfg.Concurrency + 2)
	if err := benchAssignSetup(ctx, hc, srv); err != nil {
		return err
	}
	bg.Go(func() { keepOnline(ctx, hc, srv, logger) })
	logger.Info("warming up: the assigner hears the agent's heartbeat")
	if _, err := openAndAwait(ctx, hc, srv, w, "ba-warmup", 60*time.Second); err != nil {
		return fmt.Errorf("warm-up: %w", err)
	}
	logger.Info("measuring assignment latency", "clients", cfg.Concurrency, "duration", cfg.Duration)
	var decided, seen lagSamples
	rctx, rcancel := context.WithTimeout(ctx, cfg.Duration)
	defer rcancel()
	start := time.Now()
	var clients sync.WaitGroup
	for c := range cfg.Concurrency {
		clients.Go(func() {
			for n := 0; rctx.Err() == nil; n++ {
				id := fmt.Sprintf("ba-%d-%d", c, n)
				t0 := time.Now()
				a, err := openAndAwait(rctx, hc, srv, w, id, 10*time.Second)
				if rctx.Err() != nil {
					return
				}
				decided.add(a.assignedAt.Sub(a.openedAt), err)
				seen.add(a.arrived.Sub(t0), err)
				if err == nil { // free the agent's capacity, as agents do
					err = postJSON(rctx, hc, srv.CommandURL, "/api/v1/conversations/"+id+"/close", `{}`, http.StatusAccepted)
				}
				if err != nil && rctx.Err() == nil {
					logger.Warn("bench assign", "err", err)
				}
			}
		})
	}
	clients.Wait()
	elapsed := time.Since(start)
	report := benchReport{
		Suite:   "assign",
		Machine: machine(),
		Targets: map[string]string{"opened -> assigned event": "p99 <= 100 ms"},
		Results: []loadgen.Result{
			decided.result("conversation opened -> assigned event (events' occurred_at)", cfg.Concurrency, elapsed),
			seen.result("open sent -> assignment on the live stream", cfg.Concurrency, elapsed),
		},
		RSSMB: rssMB(),
	}
	return report.write(out, cfg.Output)
}

// benchAssignSetup configures the account's default policy (round robin,
// online agents only) and signs the bench agent in.
func benchAssignSetup(ctx context.Context, hc *http.Client, srv *benchServer) error {
	if err := postJSON(ctx, hc, srv.CommandURL, "/api/v1/admin/assignment/policies/bench", `{"assignment_type":"round_robin","only_online_agents":true}`,
		http.StatusAccepted, "PUT"); err != nil {
		return fmt.Errorf("set policy: %w", err)
	}
	return postJSON(ctx, hc, srv.QueryURL, "/api/v1/presence/heartbeat", `{"status":"online"}`, http.StatusOK)
}

// keepOnline sends the bench agent's heartbeats until ctx ends.
func keepOnline(ctx context.Context, hc *http.Client, srv *benchServer, logger *slog.Logger) {
	t := time.NewTicker(15 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := postJSON(ctx, hc, srv.QueryURL, "/api/v1/presence/heartbeat", `{"status":"online"}`, http.StatusOK); err != nil && ctx.Err() == nil {
				logger.Warn("heartbeat", "err", err)
			}
		}
	}
}

// openAndAwait opens a customer conversation and waits for its assignment
// on the live stream.
func openAndAwait(ctx context.Context, hc *http.Client, srv *benchServer, w *assignWatch, id string, timeout time.Duration) (assignment, error) {
	body := fmt.Sprintf(`{"id":%q,"inbox_id":"wa","channel":"whatsapp","contact_id":"k-%s","first_inbound":{"message_id":"m0","type":"text","text":"hello","sent_at":%q}}`,
		id, id, time.Now().UTC().Format(time.RFC3339))
	if err := postJSON(ctx, hc, srv.CommandURL, "/api/v1/conversations", body, http.StatusAccepted); err != nil {
		return assignment{}, err
	}
	return w.await(ctx, id, timeout)
}

// postJSON sends body (POST unless a method is given) and expects status.
func postJSON(ctx context.Context, hc *http.Client, base, path, body string, status int, method ...string) error {
	m := http.MethodPost
	if len(method) > 0 {
		m = method[0]
	}
	req, err := http.NewRequestWithContext(ctx, m, base+path, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+benchKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != status {
		return fmt.Errorf("%s %s: %d %s", m, path, resp.StatusCode, b)
	}
	return nil
}
