package api

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestLoginSessionAndCSRF(t *testing.T) {
	h := newAccHarness(t)
	h.seed()
	ann := h.login("ANN@acme.test") // e-mails match case-insensitively
	res := h.do(ann, "GET", "/api/v1/auth/me", "", nil)
	if res.status != http.StatusOK || !strings.Contains(string(res.body), `"inboxes":["wa"]`) || !strings.Contains(string(res.body), ann.csrf) {
		t.Fatalf("me: %d %s", res.status, res.body)
	}
	tag := `{"tag":"vip"}`
	for _, tc := range []struct {
		name   string
		cl     client
		header map[string]string
		status int
	}{
		{"no CSRF header", client{cookie: ann.cookie}, nil, http.StatusForbidden},
		{"wrong CSRF header", client{cookie: ann.cookie, csrf: "nope"}, nil, http.StatusForbidden},
		{"foreign origin", ann, map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"forged cookie", client{cookie: "forged", csrf: ann.csrf}, nil, http.StatusUnauthorized},
		{"cookie and CSRF token", ann, nil, http.StatusAccepted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := h.do(tc.cl, "POST", "/api/v1/conversations/wa-1/tags", tag, tc.header)
			if res.status != tc.status {
				t.Fatalf("status %d, want %d: %s", res.status, tc.status, res.body)
			}
		})
	}
	if res := h.do(ann, "POST", "/api/v1/auth/logout", "", nil); res.status != http.StatusNoContent {
		t.Fatalf("logout: %d", res.status)
	}
	if res := h.do(ann, "GET", "/api/v1/auth/me", "", nil); res.status != http.StatusUnauthorized {
		t.Fatalf("after logout: %d", res.status)
	}
}

func TestLoginCookieFlags(t *testing.T) {
	h := newAccHarness(t)
	h.seed()
	res := h.do(client{}, "POST", "/api/v1/auth/login", `{"email":"ann@acme.test","password":"`+password+`"}`, nil)
	c := res.header.Get("Set-Cookie")
	for _, want := range []string{"HttpOnly", "SameSite=Strict", "Path=/"} {
		if !strings.Contains(c, want) {
			t.Errorf("cookie %q lacks %s", c, want)
		}
	}
}

func TestLoginErrorsAreGenericAndRateLimited(t *testing.T) {
	h := newAccHarness(t)
	h.seed()
	wrong := h.do(client{}, "POST", "/api/v1/auth/login", `{"email":"ann@acme.test","password":"wrong password"}`, nil)
	unknown := h.do(client{}, "POST", "/api/v1/auth/login", `{"email":"nobody@acme.test","password":"wrong password"}`, nil)
	if wrong.status != http.StatusUnauthorized || unknown.status != http.StatusUnauthorized ||
		wrong.problem(t).Detail != unknown.problem(t).Detail {
		t.Fatalf("wrong password %d %s / unknown e-mail %d %s", wrong.status, wrong.body, unknown.status, unknown.body)
	}
	for range 2 {
		h.do(client{}, "POST", "/api/v1/auth/login", `{"email":"ann@acme.test","password":"wrong password"}`, nil)
	}
	// Three failures: even the right password is refused until the window ends.
	res := h.do(client{}, "POST", "/api/v1/auth/login", `{"email":"ann@acme.test","password":"`+password+`"}`, nil)
	if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") == "" || res.problem(t).Code != "too_many_attempts" {
		t.Fatalf("brute force: %d %s", res.status, res.body)
	}
	h.advance(time.Minute)
	h.login("ann@acme.test")
}

func TestArchivedUserSessionEnds(t *testing.T) {
	h := newAccHarness(t)
	h.seed()
	root, cy := h.login("root@acme.test"), h.login("cy@acme.test")
	if res := h.do(root, "POST", "/api/v1/admin/users/cy/archive", "", nil); res.status != http.StatusAccepted {
		t.Fatalf("archive: %d %s", res.status, res.body)
	}
	h.syncDirectory()
	if res := h.do(cy, "GET", "/api/v1/auth/me", "", nil); res.status != http.StatusUnauthorized {
		t.Fatalf("archived user's session: %d %s", res.status, res.body)
	}
	res := h.do(client{}, "POST", "/api/v1/auth/login", `{"email":"cy@acme.test","password":"`+password+`"}`, nil)
	if res.status != http.StatusUnauthorized {
		t.Fatalf("archived user's login: %d", res.status)
	}
}

func TestSessionExpires(t *testing.T) {
	h := newAccHarness(t)
	h.seed()
	ann := h.login("ann@acme.test")
	h.advance(13 * time.Hour) // idle longer than the 12 h default
	if res := h.do(ann, "GET", "/api/v1/auth/me", "", nil); res.status != http.StatusUnauthorized {
		t.Fatalf("idle session: %d", res.status)
	}
}

func TestUsersChangeTheirOwnPassword(t *testing.T) {
	h := newAccHarness(t)
	h.seed()
	ann := h.login("ann@acme.test")
	for _, tc := range []struct {
		name, body string
		status     int
	}{
		{"wrong current password", `{"current_password":"nope","new_password":"a brand new one"}`, http.StatusForbidden},
		{"weak new password", `{"current_password":"` + password + `","new_password":"short"}`, http.StatusUnprocessableEntity},
		{"unknown field", `{"current_password":"` + password + `","new_password":"a brand new one","user_id":"root"}`, http.StatusBadRequest},
	} {
		if res := h.do(ann, "POST", "/api/v1/auth/password", tc.body, nil); res.status != tc.status {
			t.Fatalf("%s: %d %s", tc.name, res.status, res.body)
		}
	}
	if res := h.do(client{bearer: opsAcme}, "POST", "/api/v1/auth/password", `{"current_password":"x","new_password":"a brand new one"}`, nil); res.status != http.StatusForbidden {
		t.Fatalf("an API client: %d", res.status)
	}
	res := h.do(ann, "POST", "/api/v1/auth/password", `{"current_password":"`+password+`","new_password":"a brand new one"}`, nil)
	if res.status != http.StatusNoContent {
		t.Fatalf("change: %d %s", res.status, res.body)
	}
	if res := h.do(ann, "GET", "/api/v1/auth/me", "", nil); res.status != http.StatusUnauthorized {
		t.Fatalf("the old session lives on: %d", res.status)
	}
	if res := h.do(client{}, "POST", "/api/v1/auth/login", `{"email":"ann@acme.test","password":"a brand new one"}`, nil); res.status != http.StatusOK {
		t.Fatalf("login with the new password: %d %s", res.status, res.body)
	}
}
