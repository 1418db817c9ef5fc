package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/eventstore"
)

func TestErrorsMapToProblems(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		name       string
		err        error
		status     int
		code       string
		fields     []string
		retryAfter bool
	}{
		{"invalid field", domain.Invalid("subject", "too_long", "at most %d characters", 200), 422, "too_long", []string{"subject"}, false},
		{"several invalid fields", errors.Join(domain.Invalid("subject", "required", "is required"), domain.Invalid("body", "too_long", "too long")), 422, "required", []string{"subject", "body"}, false},
		{"wrapped conflict", fmt.Errorf("close: %w", domain.Conflict("already_closed", "the conversation is closed")), 409, "already_closed", nil, false},
		{"not found", domain.NotFound("not_found", "no such conversation"), 404, "not_found", nil, false},
		{"forbidden", domain.Forbidden("no_permission", "agents may not do that"), 403, "no_permission", nil, false},
		{"domain unavailable", &domain.Error{Kind: domain.KindUnavailable, Message: "the channel is down"}, 503, "unavailable", nil, true},
		{"event store conflict", fmt.Errorf("append: %w", eventstore.ErrConflict), 409, "concurrency_conflict", nil, false},
		{"event store unavailable", fmt.Errorf("append: %w", eventstore.ErrUnavailable), 503, "unavailable", nil, true},
		{"stream not found", eventstore.ErrStreamNotFound, 404, "not_found", nil, false},
		{"deadline", fmt.Errorf("read: %w", context.DeadlineExceeded), 504, "timeout", nil, false},
		{"canceled", context.Canceled, 503, "unavailable", nil, true},
		{"unknown", errors.New("pq: password secret-xyz rejected"), 500, "internal", nil, false},
		{"request error", &RequestError{Status: 415, Code: "unsupported_media_type", Message: "json please"}, 415, "unsupported_media_type", nil, false},
	}
	byName := map[string]error{}
	for _, tc := range cases {
		byName[strings.ReplaceAll(tc.name, " ", "-")] = tc.err
	}
	h.cmds.Handle(http.MethodPost, "/test/errors/:case", "test.errors", func(c *gin.Context, _ Principal, _ *uint64) (CommandResult, error) {
		return CommandResult{}, byName[c.Param("case")]
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := h.do(http.MethodPost, "/api/v1/test/errors/"+strings.ReplaceAll(tc.name, " ", "-"), keyAlice, "", nil)
			if res.status != tc.status {
				t.Fatalf("status = %d, want %d; body %s", res.status, tc.status, res.body)
			}
			p := res.problem(t)
			if p.Code != tc.code || p.Type != "urn:parley:problem:"+tc.code {
				t.Errorf("code = %q type = %q, want %q", p.Code, p.Type, tc.code)
			}
			var fields []string
			for _, fe := range p.Errors {
				fields = append(fields, fe.Field)
			}
			if fmt.Sprint(fields) != fmt.Sprint(tc.fields) {
				t.Errorf("fields = %v, want %v", fields, tc.fields)
			}
			if got := res.header.Get("Retry-After") != ""; got != tc.retryAfter {
				t.Errorf("Retry-After present = %v, want %v", got, tc.retryAfter)
			}
			if p.RequestID == "" || p.RequestID != res.header.Get("X-Request-ID") {
				t.Errorf("request_id = %q, header %q", p.RequestID, res.header.Get("X-Request-ID"))
			}
		})
	}
	t.Run("internal details are logged, not sent", func(t *testing.T) {
		res := h.do(http.MethodPost, "/api/v1/test/errors/unknown", keyAlice, "", nil)
		if strings.Contains(string(res.body), "secret-xyz") {
			t.Fatalf("leaked: %s", res.body)
		}
		if !strings.Contains(h.logs.String(), "secret-xyz") {
			t.Fatalf("not logged: %s", h.logs.String())
		}
	})
}

func TestPanicsAnswer500(t *testing.T) {
	h := newHarness(t)
	h.cmds.Handle(http.MethodPost, "/test/panic", "test.panic", func(*gin.Context, Principal, *uint64) (CommandResult, error) {
		panic("boom-detail")
	})
	res := h.do(http.MethodPost, "/api/v1/test/panic", keyAlice, "", nil)
	if res.status != 500 || strings.Contains(string(res.body), "boom-detail") {
		t.Fatalf("status %d body %s", res.status, res.body)
	}
	res.problem(t)
	if !strings.Contains(h.logs.String(), "boom-detail") {
		t.Fatal("panic not logged")
	}
	metrics := h.do(http.MethodGet, "/metrics", "", "", nil)
	if !strings.Contains(string(metrics.body), `parley_http_requests_total{method="POST",route="/api/v1/test/panic",server="command",status="500"} 1`) {
		t.Fatal("the panic's 500 is not counted")
	}
}

func TestUnknownRoutesAndMethods(t *testing.T) {
	h := newHarness(t)
	if res := h.do(http.MethodGet, "/api/v1/nope", keyAlice, "", nil); res.status != 404 || res.problem(t).Code != "route_not_found" {
		t.Fatalf("unknown route: %d %s", res.status, res.body)
	}
	if res := h.do(http.MethodDelete, "/healthz", "", "", nil); res.status != 405 || res.problem(t).Code != "method_not_allowed" {
		t.Fatalf("wrong method: %d %s", res.status, res.body)
	}
}
