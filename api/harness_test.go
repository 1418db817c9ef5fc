package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.ReleaseMode)
	pgtest.Main(m)
}

// Test credentials: two accounts.
const (
	keyAlice = "key-alice"
	keyBob   = "key-bob"
)

// syncBuffer is a log sink safe for concurrent handlers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// harness is a real HTTP server over a real database with the command API.
type harness struct {
	t      *testing.T
	pool   *pgxpool.Pool
	idem   *Idempotency
	engine *gin.Engine
	cmds   *CommandAPI
	srv    *httptest.Server
	logs   *syncBuffer
}

func newHarness(t *testing.T, extraReady ...ReadinessCheck) *harness {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.Pool(t)
	if err := MigrateIdempotency(ctx, pool); err != nil {
		t.Fatal(err)
	}
	keys, err := NewAPIKeys([]APIKey{
		{Secret: keyAlice, Principal: Principal{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "alice"}}},
		{Secret: keyBob, Principal: Principal{AccountID: "globex", Actor: domain.Actor{Kind: domain.ActorAPIClient, ID: "bob"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	metrics, err := NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, pool: pool, logs: &syncBuffer{}, idem: NewIdempotency(pool, 0, 0)}
	ready := append([]ReadinessCheck{{Name: "postgres", Check: pool.Ping}}, extraReady...)
	h.engine = NewEngine(Options{Name: "command", Logger: slog.New(slog.NewJSONHandler(h.logs, nil)), Metrics: metrics, Ready: ready})
	if h.cmds, err = NewCommandAPI(h.engine, CommandConfig{Auth: keys, Idempotency: h.idem, Metrics: metrics}); err != nil {
		t.Fatal(err)
	}
	h.srv = httptest.NewServer(h.engine)
	t.Cleanup(h.srv.Close)
	return h
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) problem(t *testing.T) Problem {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != ProblemContentType {
		t.Fatalf("Content-Type = %q, want %q; body %s", ct, ProblemContentType, r.body)
	}
	var p Problem
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("problem body %s: %v", r.body, err)
	}
	if p.Status != r.status || p.Type == "" || p.Title == "" || p.Code == "" {
		t.Fatalf("incomplete problem %s for status %d", r.body, r.status)
	}
	return p
}

// do sends a request; header values "" are left out. A body is sent as JSON
// unless a Content-Type is given.
func (h *harness) do(method, path, apiKey, body string, header map[string]string) response {
	h.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+apiKey)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}
