package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/parley-inbox/parley/internal/authz"
)

// TestEveryRouteIsAuthorized walks every /api/v1 route the command server
// serves: without a credential it is 401; a bot outside its endpoints gets
// 403; a non-administrator on an admin route gets 403; an agent on a
// conversation of an inbox they are not in gets 404 — and none of the
// refused requests writes an event.
func TestEveryRouteIsAuthorized(t *testing.T) {
	h := newAccHarness(t)
	h.seed()
	root, ann, cy := h.login("root@acme.test"), h.login("ann@acme.test"), h.login("cy@acme.test")
	bot := client{bearer: h.issue(root, `{"name":"Helper","kind":"bot","client_id":"helper","role":"bot","inboxes":["wa"]}`)}
	public := map[string]bool{"/api/v1/auth/login": true, "/api/v1/auth/logout": true, "/api/v1/openapi.yaml": true}
	checked := 0
	for _, r := range h.gin.Routes() {
		if !strings.HasPrefix(r.Path, BasePath) || public[r.Path] {
			continue
		}
		path := strings.NewReplacer(":id", "wa-1", ":tag", "x").Replace(r.Path)
		body := ""
		if r.Method != http.MethodGet && r.Method != http.MethodDelete {
			body = "{}"
		}
		expect := func(who string, cl client, status int) {
			t.Helper()
			before := h.head()
			res := h.do(cl, r.Method, path, body, nil)
			if res.status != status {
				t.Errorf("%s %s as %s: %d, want %d: %s", r.Method, r.Path, who, res.status, status, res.body)
			}
			if h.head() != before {
				t.Errorf("%s %s as %s wrote events", r.Method, r.Path, who)
			}
			checked++
		}
		expect("nobody", client{}, http.StatusUnauthorized)
		if !authz.BotMayCall(r.Method, r.Path) && r.Path != BasePath+"/auth/me" {
			expect("a bot", bot, http.StatusForbidden)
		}
		switch {
		case strings.HasPrefix(r.Path, BasePath+"/admin/"):
			expect("an agent", ann, http.StatusForbidden)
		case strings.HasPrefix(r.Path, BasePath+"/conversations/:id"):
			expect("an agent outside the inbox", cy, http.StatusNotFound)
		}
	}
	if checked < 60 {
		t.Fatalf("only %d checks: are the routes registered?", checked)
	}
}
