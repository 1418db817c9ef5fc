package faults_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/faults"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/live"
)

// Phases of the store-cut fault: load before, during and after the cut.
const (
	beforeCut = 700 * time.Millisecond
	cutFor    = 2 * time.Second
	afterCut  = time.Second
	// failFast bounds how long a command may take to answer 503.
	failFast = 2 * time.Second
)

// storeCutUnderLoad sends commands through the command API from 8 clients
// while the event store's connections go through a TCP proxy that is cut
// for two seconds; the projectors read the same store throughout. Commands
// must fail fast with 503, every acknowledged (202) command's events must be
// in the log afterwards, and the views must equal the oracle.
func storeCutUnderLoad(t *testing.T, s *suite) faults.Row {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	srv, proxy, cutStore := s.commandServer(t)

	// The projectors read the same cut-off store all along, restarted (as a
	// supervisor would) whenever their runtime gives up.
	p := s.freshInbox(t, "cut")
	s.resetLive(t)
	rtCtx, stopRT := context.WithCancel(ctx)
	restarts := make(chan int, 1)
	go func() {
		n := 0
		for rtCtx.Err() == nil {
			err := s.run(rtCtx, cutStore, []projections.Projector{p, live.NewProjector(nil)}, math.MaxUint64, projections.Config{})
			if err != nil && rtCtx.Err() == nil {
				n++
				t.Logf("runtime stopped during the cut (restart %d): %v", n, err)
			}
		}
		restarts <- n
	}()

	var mu sync.Mutex
	var acked []api.CommandResult
	var unavailable, other int
	var slowest time.Duration
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				began := time.Now()
				code, res := openConversation(ctx, srv.URL, fmt.Sprintf("cut-%d-%d", w, i))
				took := time.Since(began)
				mu.Lock()
				switch code {
				case http.StatusAccepted:
					acked = append(acked, res)
				case http.StatusServiceUnavailable:
					unavailable++
					slowest = max(slowest, took)
				default:
					other++
				}
				mu.Unlock()
			}
		})
	}
	phase := func(d time.Duration) {
		select {
		case <-time.After(d):
		case <-ctx.Done():
		}
	}
	phase(beforeCut)
	proxy.Cut()
	phase(cutFor)
	proxy.Restore()
	phase(afterCut)
	close(stop)
	wg.Wait()
	stopRT()
	runtimeRestarts := <-restarts

	if unavailable == 0 || len(acked) == 0 || other > 0 {
		t.Errorf("%d acknowledged, %d answered 503, %d other answers; want some of the first two and none of the last", len(acked), unavailable, other)
	}
	if slowest > failFast {
		t.Errorf("the slowest 503 took %s; want under %s", slowest, failFast)
	}
	lost := 0
	for _, r := range acked {
		evs, err := s.store.ReadStream(ctx, r.Stream, eventstore.ReadStreamOptions{From: r.Revision, Limit: 1})
		if err != nil || len(evs) != 1 || evs[0].Position != r.Position {
			lost++
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged commands are not in the log", lost, len(acked))
	}
	head, events := s.head(t)
	if err := s.run(ctx, cutStore, []projections.Projector{p, live.NewProjector(nil)}, head, projections.Config{}); err != nil || ctx.Err() != nil {
		t.Fatalf("run: %v (%v)", err, ctx.Err())
	}
	res := s.compare(t, p, true)
	return faults.Row{Events: events, Runs: len(acked) + unavailable, Result: fmt.Sprintf(
		"%s; %d commands acknowledged, none lost; %d answered 503 during the cut (slowest %s); projectors ran through the cut (%d runtime restarts)",
		res, len(acked), unavailable, slowest.Round(time.Millisecond), runtimeRestarts)}
}

// commandServer serves the command API over an event store reached through
// a proxy; idempotency records stay on the direct pool (the fault is the
// event store going away).
func (s *suite) commandServer(t *testing.T) (*httptest.Server, *faults.Proxy, *postgres.Store) {
	t.Helper()
	ctx := t.Context()
	cfg, err := pgxpool.ParseConfig(s.url)
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := faults.NewProxy(ctx, net.JoinHostPort(cfg.ConnConfig.Host, strconv.Itoa(int(cfg.ConnConfig.Port))))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(proxy.Close)
	cfg.ConnConfig.Host, cfg.ConnConfig.Port = "127.0.0.1", uint16(proxy.Addr().Port)
	cfg.ConnConfig.ConnectTimeout, cfg.MaxConns = time.Second, 16
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	store, err := postgres.New(ctx, pool, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Close)
	if err := api.MigrateIdempotency(ctx, s.pool); err != nil {
		t.Fatal(err)
	}
	handlers, err := command.NewHandlers(store, command.StaticAgents{}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := api.NewAPIKeys([]api.APIKey{{Secret: "fault-key", Principal: api.Principal{AccountID: "acct-cut",
		Actor: domain.Actor{Kind: domain.ActorAPIClient, ID: "loadgen"}}}})
	if err != nil {
		t.Fatal(err)
	}
	engine := api.NewEngine(api.Options{Name: "command", Logger: slog.New(slog.DiscardHandler)})
	cmds, err := api.NewCommandAPI(engine, api.CommandConfig{Auth: keys, Idempotency: api.NewIdempotency(s.pool, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	api.RegisterCommandRoutes(cmds, handlers)
	srv := httptest.NewServer(engine)
	t.Cleanup(srv.Close)
	return srv, proxy, store
}

// openConversation opens conversation id with a first inbound message and
// returns the status and, on 202, the command's result.
func openConversation(ctx context.Context, base, id string) (int, api.CommandResult) {
	body, _ := json.Marshal(map[string]any{
		"id": id, "inbox_id": "cut-sms", "channel": conversation.ChannelSMS, "contact_id": "cut-contact",
		"first_inbound": map[string]any{"message_id": id + "-m1", "type": "text", "text": "hello", "sent_at": time.Now().UTC()},
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/conversations", bytes.NewReader(body))
	if err != nil {
		return 0, api.CommandResult{}
	}
	req.Header.Set("Authorization", "Bearer fault-key")
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, api.CommandResult{}
	}
	defer res.Body.Close()
	var out api.CommandResult
	if res.StatusCode == http.StatusAccepted {
		_ = json.NewDecoder(res.Body).Decode(&out)
	}
	return res.StatusCode, out
}
