package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestHealthAndReadiness(t *testing.T) {
	h := newHarness(t)
	if res := h.do(http.MethodGet, "/healthz", "", "", nil); res.status != 200 || !strings.Contains(string(res.body), `"ok"`) {
		t.Fatalf("healthz: %d %s", res.status, res.body)
	}
	if res := h.do(http.MethodGet, "/readyz", "", "", nil); res.status != 200 {
		t.Fatalf("readyz: %d %s", res.status, res.body)
	}
}

func TestReadinessFailsWhenADependencyIsDown(t *testing.T) {
	h := newHarness(t, ReadinessCheck{Name: "eventstore", Check: func(context.Context) error { return errors.New("esdb: connection refused") }})
	res := h.do(http.MethodGet, "/readyz", "", "", nil)
	if res.status != 503 || res.header.Get("Retry-After") == "" {
		t.Fatalf("readyz: %d %s", res.status, res.body)
	}
	p := res.problem(t)
	if p.Code != "not_ready" || len(p.Errors) != 1 || p.Errors[0].Field != "eventstore" || strings.Contains(string(res.body), "refused") {
		t.Fatalf("problem %s", res.body)
	}
}

func TestRequestIDs(t *testing.T) {
	h := newHarness(t)
	res := h.do(http.MethodGet, "/healthz", "", "", map[string]string{"X-Request-ID": "abc-123"})
	if res.header.Get("X-Request-ID") != "abc-123" {
		t.Fatalf("client id not echoed: %q", res.header.Get("X-Request-ID"))
	}
	for _, bad := range []string{"", strings.Repeat("x", 129), "has space"} {
		res := h.do(http.MethodGet, "/healthz", "", "", map[string]string{"X-Request-ID": bad})
		if got := res.header.Get("X-Request-ID"); got == "" || got == bad {
			t.Fatalf("id for %q: %q", bad, got)
		}
	}
}

func TestAccessLogAndMetrics(t *testing.T) {
	h := newHarness(t)
	registerEcho(h)
	h.do(http.MethodPost, "/api/v1/test/echo", keyAlice, `{"name":"x"}`, map[string]string{"X-Request-ID": "req-log-1"})
	logs := h.logs.String()
	for _, want := range []string{`"msg":"http request"`, `"request_id":"req-log-1"`, `"route":"/api/v1/test/echo"`, `"status":202`, `"op":"test.echo"`, `"account_id":"acme"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("access log lacks %s:\n%s", want, logs)
		}
	}
	res := h.do(http.MethodGet, "/metrics", "", "", nil)
	for _, want := range []string{
		`parley_http_requests_total{method="POST",route="/api/v1/test/echo",server="command",status="202"} 1`,
		`parley_http_request_duration_seconds_bucket{method="POST",route="/api/v1/test/echo",server="command"`,
		`parley_commands_total{op="test.echo",result="accepted"} 1`,
	} {
		if !strings.Contains(string(res.body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestOpenAPIIsServed(t *testing.T) {
	h := newHarness(t)
	res := h.do(http.MethodGet, "/api/v1/openapi.yaml", "", "", nil)
	if res.status != 200 || res.header.Get("Content-Type") != "application/yaml" || !strings.HasPrefix(string(res.body), "openapi: 3.1") {
		t.Fatalf("%d %q %.40s", res.status, res.header.Get("Content-Type"), res.body)
	}
}
