package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/authz"
)

// TestAttacks is the bad-input and attack table of the accounts issue: each
// request must get its safe answer and, unless it is the accepted control
// case, write no event.
func TestAttacks(t *testing.T) {
	h := newAccHarness(t)
	h.seed()
	root, ann, cy, gus := h.login("root@acme.test"), h.login("ann@acme.test"), h.login("cy@acme.test"), h.login("gus@globex.test")
	bot := client{bearer: h.issue(root, `{"name":"Helper","kind":"bot","client_id":"helper","role":"bot","inboxes":["wa"]}`)}
	crm := client{bearer: h.issue(root, `{"name":"CRM","kind":"api_client","client_id":"crm","role":"agent","inboxes":["wa"]}`)}
	revoked := h.issue(root, `{"name":"old","kind":"api_client","client_id":"old","role":"agent"}`)
	h.revokeAll(root, "old")
	id, _, _ := strings.Cut(strings.TrimPrefix(revoked, "prl_"), "_")
	nested := strings.Repeat(`{"a":`, 40) + `1` + strings.Repeat(`}`, 40)
	big := `{"tag":"` + strings.Repeat("x", 70<<10) + `"}`
	for _, tc := range []struct {
		name         string
		cl           client
		method, path string
		body         string
		status       int
		code         string
	}{
		{"another account's conversation id", gus, "POST", "/api/v1/conversations/wa-1/tags", `{"tag":"x"}`, 404, "not_found"},
		{"another account's operator key", client{bearer: opsGlobex}, "POST", "/api/v1/conversations/wa-1/close", `{}`, 404, "not_found"},
		{"agent outside the inbox", ann, "POST", "/api/v1/conversations/ig-1/tags", `{"tag":"x"}`, 404, "not_found"},
		{"agent outside the inbox, a note", ann, "POST", "/api/v1/conversations/ig-1/notes", `{"note_id":"n1","text":"hi"}`, 404, "not_found"},
		{"agent, someone else's conversation", ann, "POST", "/api/v1/conversations/wa-2/close", `{}`, 404, "not_found"},
		{"agent opening in an inbox of others", ann, "POST", "/api/v1/conversations", `{"id":"x1","inbox_id":"ig","channel":"instagram","contact_id":"c9","first_inbound":{"message_id":"m","type":"text","text":"hi","sent_at":"2026-11-26T09:00:00Z"}}`, 404, "inbox_not_found"},
		{"agent assigning to someone else", ann, "POST", "/api/v1/conversations/wa-1/assign", `{"agent_id":"root","reason":"manual"}`, 403, "forbidden"},
		{"agent calling an admin endpoint", ann, "POST", "/api/v1/admin/users", `{"email":"x@acme.test","name":"X","role":"administrator"}`, 403, "forbidden"},
		{"agent promoting themselves", cy, "PATCH", "/api/v1/admin/users/cy", `{"role":"administrator"}`, 403, "forbidden"},
		{"agent listing users", ann, "GET", "/api/v1/admin/users", "", 403, "forbidden"},
		{"agent issuing a token", ann, "POST", "/api/v1/admin/tokens", `{"name":"x","kind":"api_client","client_id":"x","role":"administrator"}`, 403, "forbidden"},
		{"agent merging contacts", ann, "POST", "/api/v1/contacts/c-wa-1/merge", `{"target_id":"c-wa-2"}`, 403, "forbidden"},
		{"bot on an admin endpoint", bot, "GET", "/api/v1/admin/users", "", 403, "bot_forbidden"},
		{"bot reassigning", bot, "POST", "/api/v1/conversations/wa-1/assign", `{"agent_id":"ann","reason":"manual"}`, 403, "bot_forbidden"},
		{"scoped API client outside its inboxes", crm, "POST", "/api/v1/conversations/ig-1/tags", `{"tag":"x"}`, 404, "not_found"},
		{"mass assignment: account_id", root, "POST", "/api/v1/admin/users", `{"email":"x@acme.test","name":"X","role":"agent","account_id":"globex"}`, 400, "unknown_field"},
		{"mass assignment: id on update", root, "PATCH", "/api/v1/admin/users/ann", `{"id":"root"}`, 400, "unknown_field"},
		{"mass assignment: token id", root, "POST", "/api/v1/admin/tokens", `{"id":"tkmine","name":"x","kind":"api_client","client_id":"x","role":"agent"}`, 400, "unknown_field"},
		{"mass assignment: contact account", root, "POST", "/api/v1/contacts", `{"display_name":"X","account_id":"globex"}`, 400, "unknown_field"},
		{"mass assignment: actor in a command", ann, "POST", "/api/v1/conversations/wa-1/tags", `{"tag":"x","actor":{"kind":"system","id":"x"}}`, 400, "unknown_field"},
		{"oversized body", root, "POST", "/api/v1/conversations/wa-1/tags", big, 413, "body_too_large"},
		{"deeply nested JSON", root, "POST", "/api/v1/admin/teams", nested, 400, "malformed_json"},
		{"injection in a path id", root, "PATCH", "/api/v1/admin/users/x'%20OR%201=1--", `{"name":"x"}`, 422, "invalid_id"},
		{"expired or revoked token", client{bearer: revoked}, "GET", "/api/v1/auth/me", "", 401, "unauthenticated"},
		{"forged token secret", client{bearer: "prl_" + id + "_" + strings.Repeat("A", 43)}, "GET", "/api/v1/auth/me", "", 401, "unauthenticated"},
		{"malformed token", client{bearer: "prl_garbage"}, "GET", "/api/v1/auth/me", "", 401, "unauthenticated"},
		{"unknown key", client{bearer: "nope"}, "POST", "/api/v1/conversations/wa-1/close", `{}`, 401, "unauthenticated"},
		{"no credential", client{}, "POST", "/api/v1/admin/users", `{}`, 401, "unauthenticated"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := h.head()
			res := h.do(tc.cl, tc.method, tc.path, tc.body, nil)
			if res.status != tc.status {
				t.Fatalf("status %d, want %d: %s", res.status, tc.status, res.body)
			}
			if p := res.problem(t); p.Code != tc.code {
				t.Fatalf("code %q, want %q (%s)", p.Code, tc.code, res.body)
			}
			if after := h.head(); after != before {
				t.Fatalf("the log moved from %d to %d", before, after)
			}
		})
	}
	t.Run("allowed: agent works an unassigned conversation of their inbox", func(t *testing.T) {
		if res := h.do(ann, "POST", "/api/v1/conversations/wa-1/accept", "", nil); res.status != http.StatusAccepted {
			t.Fatalf("%d %s", res.status, res.body)
		}
		if res := h.do(bot, "POST", "/api/v1/conversations/wa-1/tags", `{"tag":"bot"}`, nil); res.status != http.StatusAccepted {
			t.Fatalf("bot: %d %s", res.status, res.body)
		}
	})
}

// TestNamesAreInertText: markup in names is stored as given and returned as
// JSON text, never as markup.
func TestNamesAreInertText(t *testing.T) {
	h := newAccHarness(t)
	h.seed()
	root := h.login("root@acme.test")
	xss := `<img src=x onerror=alert(1)>`
	res := h.do(root, "POST", "/api/v1/admin/teams", `{"id":"t1","name":"`+xss+`"}`, nil)
	if res.status != http.StatusAccepted {
		t.Fatalf("%d %s", res.status, res.body)
	}
	h.syncDirectory()
	res = h.do(root, "GET", "/api/v1/admin/teams", "", nil)
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q", ct)
	}
	if strings.Contains(string(res.body), "<img") || !strings.Contains(string(res.body), `\u003cimg src=x onerror=alert(1)\u003e`) {
		t.Fatalf("body %s", res.body)
	}
}

// revokeAll revokes every token of client id through the admin API.
func (h *accHarness) revokeAll(admin client, clientID string) {
	h.t.Helper()
	res := h.do(admin, "GET", "/api/v1/admin/tokens", "", nil)
	for _, part := range strings.Split(string(res.body), `{"id":"`)[1:] {
		id, rest, _ := strings.Cut(part, `"`)
		if strings.Contains(rest, `"client_id":"`+clientID+`"`) {
			if r := h.do(admin, "POST", "/api/v1/admin/tokens/"+id+"/revoke", "", nil); r.status != http.StatusAccepted {
				h.t.Fatalf("revoke %s: %d %s", id, r.status, r.body)
			}
		}
	}
	h.syncDirectory()
}

func TestAccessViewer(t *testing.T) {
	agent := Principal{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "ann"}, Access: authz.Access{Role: "agent"}}
	if v := AccessViewer(agent); v.SeePII || v.SeePrivate || v.AgentID != "ann" || v.AccountID != "acme" {
		t.Fatalf("agent viewer %+v", v)
	}
	admin := agent
	admin.Access = authz.Full()
	if v := AccessViewer(admin); !v.SeePII || !v.SeePrivate {
		t.Fatalf("admin viewer %+v", v)
	}
}
