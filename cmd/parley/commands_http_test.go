package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// commandEngine is the command API `parley serve` builds, over a fresh
// database, with the API key "k" (account acme, agent ann).
func commandEngine(t *testing.T) *gin.Engine {
	t.Helper()
	engines := servedEngines(t)
	for _, e := range engines {
		for _, r := range e.Routes() {
			if r.Method == http.MethodPost && r.Path == "/api/v1/conversations/:id/close" {
				return e
			}
		}
	}
	t.Fatal("no engine serves the command routes")
	return nil
}

type call struct {
	method, path, body string
	header             map[string]string
}

func do(t *testing.T, e *gin.Engine, c call) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
	req.Header.Set("Authorization", "Bearer k")
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	e.ServeHTTP(w, req)
	var body map[string]any
	_ = json.Unmarshal(w.Body.Bytes(), &body)
	return w.Code, body
}

// TestCommandAPIWalkthrough is the README's curl walkthrough, through the
// engine `parley serve` builds.
func TestCommandAPIWalkthrough(t *testing.T) {
	e := commandEngine(t)
	now := time.Now().UTC().Format(time.RFC3339)
	steps := []struct {
		call
		status int
		code   string
	}{
		{call{method: "POST", path: "/api/v1/conversations", body: `{"id":"c-100","inbox_id":"whatsapp-main","channel":"whatsapp","contact_id":"maria","first_inbound":{"message_id":"m1","type":"text","text":"Hi, my order has not arrived","sent_at":"` + now + `"}}`}, 202, ""},
		{call{method: "POST", path: "/api/v1/conversations/c-100/messages", body: `{"message_id":"r1","kind":"text","text":"Sorry to hear that! Checking now."}`}, 202, ""},
		{call{method: "POST", path: "/api/v1/conversations/c-100/tags", body: `{"tag":"shipping"}`}, 202, ""},
		{call{method: "POST", path: "/api/v1/conversations/c-100/assign", body: `{"agent_id":"ann","reason":"manual"}`}, 202, ""},
		{call{method: "POST", path: "/api/v1/conversations/c-100/close", body: `{"reason":"resolved"}`}, 202, ""},
		{call{method: "POST", path: "/api/v1/conversations/c-100/close", body: `{}`}, 409, "already_closed"},
		{call{method: "POST", path: "/api/v1/conversations/c-100/reopen", header: map[string]string{"Idempotency-Key": "reopen-1"}}, 202, ""},
		{call{method: "POST", path: "/api/v1/conversations/c-100/reopen", header: map[string]string{"Idempotency-Key": "reopen-1"}}, 202, ""},
	}
	var last map[string]any
	for i, s := range steps {
		status, body := do(t, e, s.call)
		if status != s.status || (s.code != "" && body["code"] != s.code) {
			t.Fatalf("step %d %s %s: %d %v, want %d %s", i, s.method, s.path, status, body, s.status, s.code)
		}
		if status == 202 {
			if body["stream"] != "conversation-c-100" {
				t.Fatalf("step %d: result %v", i, body)
			}
			if s.header["Idempotency-Key"] != "" && last != nil && i == len(steps)-1 && body["revision"] != last["revision"] {
				t.Fatalf("replayed reopen answered %v, first answer %v", body, last)
			}
			last = body
		}
	}
}

// TestCommandAPIBadInput: every bad request gets a 4xx problem naming what
// is wrong, never a 500, and appends nothing.
func TestCommandAPIBadInput(t *testing.T) {
	e := commandEngine(t)
	now := time.Now().UTC()
	status, opened := do(t, e, call{method: "POST", path: "/api/v1/conversations", body: `{"id":"bad-1","inbox_id":"wa","channel":"whatsapp","contact_id":"k","first_inbound":{"message_id":"m1","type":"text","text":"hi","sent_at":"` + now.Format(time.RFC3339) + `"}}`})
	if status != 202 {
		t.Fatalf("open: %d %v", status, opened)
	}
	deep := strings.Repeat(`{"a":`, 40) + "1" + strings.Repeat("}", 40)
	cases := []struct {
		name   string
		call   call
		status int
		field  string
	}{
		{"unknown field", call{method: "POST", path: "/api/v1/conversations/bad-1/tags", body: `{"tag":"x","account_id":"other"}`}, 400, "account_id"},
		{"wrong type", call{method: "POST", path: "/api/v1/conversations/bad-1/tags", body: `{"tag":5}`}, 400, "tag"},
		{"empty tag", call{method: "POST", path: "/api/v1/conversations/bad-1/tags", body: `{"tag":""}`}, 422, "tag"},
		{"tag too long", call{method: "POST", path: "/api/v1/conversations/bad-1/tags", body: `{"tag":"` + strings.Repeat("x", 65) + `"}`}, 422, "tag"},
		{"bad enum", call{method: "POST", path: "/api/v1/conversations/bad-1/priority", body: `{"priority":"asap"}`}, 422, "priority"},
		{"snooze in the past", call{method: "POST", path: "/api/v1/conversations/bad-1/snooze", body: `{"until":"2001-01-01T00:00:00Z"}`}, 422, "until"},
		{"text too long", call{method: "POST", path: "/api/v1/conversations/bad-1/messages", body: `{"message_id":"r9","kind":"text","text":"` + strings.Repeat("a", 10_001) + `"}`}, 422, "text"},
		{"mention of a stranger", call{method: "POST", path: "/api/v1/conversations/bad-1/notes", body: `{"note_id":"n1","text":"@mallory look","mentions":["mallory"]}`}, 422, "mentions"},
		{"bad id in path", call{method: "POST", path: "/api/v1/conversations/a%20b%3Cscript%3E/tags", body: `{"tag":"x"}`}, 422, "id"},
		{"path traversal", call{method: "POST", path: "/api/v1/conversations/%2e%2e%2fetc/tags", body: `{"tag":"x"}`}, 404, ""},
		{"empty body", call{method: "POST", path: "/api/v1/conversations/bad-1/tags", body: ` `}, 400, ""},
		{"not JSON", call{method: "POST", path: "/api/v1/conversations/bad-1/tags", body: `tag=x`}, 400, ""},
		{"trailing data", call{method: "POST", path: "/api/v1/conversations/bad-1/tags", body: `{"tag":"x"} {"tag":"y"}`}, 400, ""},
		{"too deep", call{method: "POST", path: "/api/v1/conversations/bad-1/integration-events", body: deep}, 400, ""},
		{"too large", call{method: "POST", path: "/api/v1/conversations/bad-1/notes", body: `{"note_id":"n2","text":"` + strings.Repeat("a", 2<<20) + `"}`}, 413, ""},
		{"bad If-Match", call{method: "POST", path: "/api/v1/conversations/bad-1/tags", body: `{"tag":"x"}`, header: map[string]string{"If-Match": "soon"}}, 400, "If-Match"},
		{"stale If-Match", call{method: "POST", path: "/api/v1/conversations/bad-1/tags", body: `{"tag":"x"}`, header: map[string]string{"If-Match": `"0"`}}, 409, ""},
		{"unknown conversation", call{method: "POST", path: "/api/v1/conversations/nope/close", body: `{}`}, 404, ""},
		{"open twice", call{method: "POST", path: "/api/v1/conversations", body: `{"id":"bad-1","inbox_id":"wa","channel":"whatsapp","contact_id":"k","first_inbound":{"message_id":"m1","type":"text","text":"hi","sent_at":"` + now.Format(time.RFC3339) + `"}}`}, 409, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := do(t, e, c.call)
			if status != c.status {
				t.Fatalf("status %d, want %d: %v", status, c.status, body)
			}
			if body["type"] == nil || body["code"] == nil || body["status"] == nil {
				t.Fatalf("not a problem document: %v", body)
			}
			if c.field != "" && !mentionsField(body, c.field) {
				t.Fatalf("problem does not name %q: %v", c.field, body)
			}
		})
	}
	// Nothing was appended by any of them: the next command lands right
	// after the open.
	status, res := do(t, e, call{method: "POST", path: "/api/v1/conversations/bad-1/tags", body: `{"tag":"fine"}`})
	if status != 202 || res["revision"].(float64) != opened["revision"].(float64)+1 {
		t.Fatalf("after bad input: %d %v, opened at %v", status, res, opened["revision"])
	}
}

func mentionsField(problem map[string]any, field string) bool {
	errs, _ := problem["errors"].([]any)
	for _, e := range errs {
		if m, ok := e.(map[string]any); ok && strings.HasSuffix(m["field"].(string), field) {
			return true
		}
	}
	b, _ := json.Marshal(problem)
	return bytes.Contains(b, []byte(field))
}
