package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/internal/config"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.ReleaseMode)
	pgtest.Main(m)
}

// lockedBuffer collects output written while the server runs.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func noEnv(string) (string, bool) { return "", false }

// running is a `parley serve` started by a test.
type running struct {
	addrs  map[string]string
	stdout *lockedBuffer
	logs   *lockedBuffer
	stop   func() error
}

// startServe runs serve with args and waits until every server listens.
func startServe(t *testing.T, servers int, args ...string) *running {
	t.Helper()
	var cfg config.Serve
	if err := config.Parse(cfg.FlagSet(), args, noEnv); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	r := &running{addrs: map[string]string{}, stdout: &lockedBuffer{}, logs: &lockedBuffer{}}
	ctx, cancel := context.WithCancel(context.Background())
	listened := make(chan [2]string, 4)
	done := make(chan error, 1)
	logger := slog.New(slog.NewTextHandler(r.logs, nil))
	go func() {
		done <- serve(ctx, cfg, logger, r.stdout, func(name, addr string) { listened <- [2]string{name, addr} })
	}()
	for len(r.addrs) < servers {
		select {
		case l := <-listened:
			r.addrs[l[0]] = l[1]
		case err := <-done:
			cancel()
			t.Fatalf("serve ended early: %v\n%s", err, r.logs.String())
		case <-time.After(2 * time.Minute):
			cancel()
			t.Fatalf("serve did not start:\n%s", r.logs.String())
		}
	}
	var once sync.Once
	var stopErr error
	r.stop = func() error {
		once.Do(func() { cancel(); stopErr = <-done })
		return stopErr
	}
	t.Cleanup(func() { _ = r.stop() })
	return r
}

func request(t *testing.T, method, url, key, body string, header map[string]string) (int, http.Header, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

func TestServeWithExternalPostgres(t *testing.T) {
	r := startServe(t, 2, "--postgres-url="+pgtest.URL(t), "--api-keys=k-ann=acme:agent:ann",
		"--command-addr=127.0.0.1:0", "--query-addr=127.0.0.1:0", "--shutdown-timeout=5s")
	cmd, query := "http://"+r.addrs["command"], "http://"+r.addrs["query"]
	for _, u := range []string{cmd + "/healthz", cmd + "/readyz", query + "/readyz", cmd + "/api/v1/openapi.yaml"} {
		if status, _, body := request(t, http.MethodGet, u, "", "", nil); status != 200 {
			t.Fatalf("GET %s: %d %s", u, status, body)
		}
	}
	if status, _, _ := request(t, http.MethodGet, cmd+"/api/v1/whoami", "", "", nil); status != 401 {
		t.Fatalf("whoami without key: %d", status)
	}

	open := `{"id":"conv-1","inbox_id":"inbox-1","channel":"email","contact_id":"contact-1"}`
	key := map[string]string{"Idempotency-Key": "open-conv-1"}
	status, hdr, body := request(t, http.MethodPost, cmd+"/api/v1/conversations", "k-ann", open, key)
	var res struct {
		Stream   string `json:"stream"`
		Revision uint64 `json:"revision"`
		Position uint64 `json:"position"`
	}
	if err := json.Unmarshal([]byte(body), &res); status != 202 || err != nil || res.Stream == "" || hdr.Get("ETag") == "" {
		t.Fatalf("open conversation: %d %s (%v)", status, body, err)
	}
	status2, hdr2, body2 := request(t, http.MethodPost, cmd+"/api/v1/conversations", "k-ann", open, key)
	if status2 != 202 || body2 != body || hdr2.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay: %d %s", status2, body2)
	}
	if _, _, m := request(t, http.MethodGet, cmd+"/metrics", "", "", nil); !strings.Contains(m, `parley_commands_total{op=`) || !strings.Contains(m, "go_goroutines") {
		t.Fatalf("metrics lack command and runtime series")
	}
	if err := r.stop(); err != nil {
		t.Fatalf("serve: %v\n%s", err, r.logs.String())
	}
}

func TestServeRoles(t *testing.T) {
	url := pgtest.URL(t)
	r := startServe(t, 1, "--postgres-url="+url, "--role=projector", "--ops-addr=127.0.0.1:0")
	if _, ok := r.addrs["ops"]; !ok || len(r.addrs) != 1 {
		t.Fatalf("projector serves %v", r.addrs)
	}
	if status, _, body := request(t, http.MethodGet, "http://"+r.addrs["ops"]+"/readyz", "", "", nil); status != 200 {
		t.Fatalf("ops readyz: %d %s", status, body)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	r = startServe(t, 1, "--postgres-url="+url, "--role=query", "--query-addr=127.0.0.1:0", "--api-keys=k=acme:agent:ann")
	if _, ok := r.addrs["query"]; !ok || len(r.addrs) != 1 {
		t.Fatalf("query serves %v", r.addrs)
	}
}
