package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAdminManagesTheAccount(t *testing.T) {
	h := newAccHarness(t)
	h.seed()
	root := h.login("root@acme.test")
	for _, step := range []struct{ method, path, body string }{
		{"POST", "/api/v1/admin/roles", `{"id":"lead","name":"Team lead","permissions":["reports.view","conversations.manage_others"],"scope":"all"}`},
		{"POST", "/api/v1/admin/users", `{"id":"di","email":"di@acme.test","name":"Di","role":"lead","password":"` + password + `"}`},
		{"PATCH", "/api/v1/admin/teams/sales", `{"members":["ann","di"]}`},
		{"POST", "/api/v1/admin/inboxes", `{"id":"mail","name":"Support mail","channel":"email","agents":["di"]}`},
		{"PATCH", "/api/v1/admin/account", `{"name":"Acme Inc."}`},
	} {
		if res := h.do(root, step.method, step.path, step.body, nil); res.status != http.StatusAccepted {
			t.Fatalf("%s %s: %d %s", step.method, step.path, res.status, res.body)
		}
	}
	h.syncDirectory()
	di := h.login("di@acme.test")
	res := h.do(di, "GET", "/api/v1/auth/me", "", nil)
	var me struct {
		Role        string   `json:"role"`
		Permissions []string `json:"permissions"`
		Inboxes     []string `json:"inboxes"`
	}
	if err := json.Unmarshal(res.body, &me); err != nil || me.Role != "lead" || strings.Join(me.Inboxes, ",") != "mail,wa" || len(me.Permissions) != 2 {
		t.Fatalf("di's access: %s (%v)", res.body, err)
	}
	lists := map[string]string{
		"/api/v1/admin/users":   `"id":"di"`,
		"/api/v1/admin/roles":   `"id":"lead"`,
		"/api/v1/admin/teams":   `"members":["ann","di"]`,
		"/api/v1/admin/inboxes": `"id":"mail"`,
	}
	for path, want := range lists {
		if res := h.do(root, "GET", path, "", nil); res.status != http.StatusOK || !strings.Contains(string(res.body), want) {
			t.Errorf("GET %s: %d %s lacks %s", path, res.status, res.body, want)
		}
	}
	// The role in use cannot go; the last administrator cannot either.
	if res := h.do(root, "POST", "/api/v1/admin/roles/lead/archive", "", nil); res.status != http.StatusConflict {
		t.Errorf("archive a role in use: %d %s", res.status, res.body)
	}
	if res := h.do(root, "POST", "/api/v1/admin/users/root/archive", "", nil); res.status != http.StatusConflict {
		t.Errorf("archive the last administrator: %d %s", res.status, res.body)
	}
	// A weak password is refused before any event.
	before := h.head()
	if res := h.do(root, "PUT", "/api/v1/admin/users/di/password", `{"password":"short"}`, nil); res.status != http.StatusUnprocessableEntity {
		t.Errorf("weak password: %d %s", res.status, res.body)
	}
	if h.head() != before {
		t.Error("a refused password wrote events")
	}
}

func TestTokensAreShownOnceScopedAndRevocable(t *testing.T) {
	h := newAccHarness(t)
	h.seed()
	root := h.login("root@acme.test")
	token := h.issue(root, `{"name":"CRM","kind":"api_client","client_id":"crm","role":"agent","inboxes":["wa"]}`)
	crm := client{bearer: token}
	res := h.do(crm, "GET", "/api/v1/auth/me", "", nil)
	if res.status != http.StatusOK || !strings.Contains(string(res.body), `"kind":"api_client","id":"crm"`) || !strings.Contains(string(res.body), `"inboxes":["wa"]`) {
		t.Fatalf("token principal: %d %s", res.status, res.body)
	}
	list := h.do(root, "GET", "/api/v1/admin/tokens", "", nil)
	if strings.Contains(string(list.body), token[len(token)-20:]) || !strings.Contains(string(list.body), `"last_used_at":"`) {
		t.Fatalf("token list leaks the secret or lacks last use: %s", list.body)
	}
	var issued []struct {
		ID string `json:"id"`
	}
	var wrap struct {
		Data *[]struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	wrap.Data = &issued
	if err := json.Unmarshal(list.body, &wrap); err != nil || len(issued) != 1 {
		t.Fatalf("token list: %s", list.body)
	}
	if res := h.do(root, "POST", "/api/v1/admin/tokens/"+issued[0].ID+"/revoke", "", nil); res.status != http.StatusAccepted {
		t.Fatalf("revoke: %d %s", res.status, res.body)
	}
	// Revocation takes effect at once, before the directory catches up.
	if res := h.do(crm, "GET", "/api/v1/auth/me", "", nil); res.status != http.StatusUnauthorized {
		t.Fatalf("revoked token: %d %s", res.status, res.body)
	}
	expiring := h.issue(root, `{"name":"tmp","kind":"bot","client_id":"helper","role":"bot","expires_at":"`+h.clock().Add(time.Hour).Format(time.RFC3339)+`"}`)
	if res := h.do(client{bearer: expiring}, "GET", "/api/v1/auth/me", "", nil); res.status != http.StatusOK {
		t.Fatalf("fresh token: %d", res.status)
	}
	h.advance(2 * time.Hour)
	if res := h.do(client{bearer: expiring}, "GET", "/api/v1/auth/me", "", nil); res.status != http.StatusUnauthorized {
		t.Fatalf("expired token: %d", res.status)
	}
}

func TestTagsAndQuickReplies(t *testing.T) {
	h := newAccHarness(t)
	h.seed()
	root, ann := h.login("root@acme.test"), h.login("ann@acme.test")
	for _, step := range []struct {
		who          client
		method, path string
		body         string
		status       int
	}{
		{root, "POST", "/api/v1/admin/tags", `{"id":"vip","name":"VIP","color":"#ffcc00"}`, 202},
		{ann, "POST", "/api/v1/admin/tags", `{"id":"x","name":"X"}`, 403},
		{root, "POST", "/api/v1/quick-replies", `{"id":"q-team","shortcut":"hi","text":"Hi {{ contact.first_name | \"there\" }}","scope":"team","team_id":"sales"}`, 202},
		{ann, "POST", "/api/v1/quick-replies", `{"id":"q-ann","shortcut":"mine","text":"Mine","scope":"personal"}`, 202},
		{ann, "POST", "/api/v1/quick-replies", `{"id":"q-x","shortcut":"all","text":"x","scope":"account"}`, 403},
		{ann, "PATCH", "/api/v1/quick-replies/q-team", `{"text":"x"}`, 403},
		{root, "PATCH", "/api/v1/quick-replies/q-ann", `{"text":"x"}`, 404},
		{ann, "PATCH", "/api/v1/quick-replies/q-ann", `{"text":"Mine!"}`, 202},
		{ann, "POST", "/api/v1/quick-replies", `{"id":"q-y","shortcut":"y","text":"{{ contact.phone }}","scope":"personal"}`, 422},
		{ann, "POST", "/api/v1/quick-replies", `{"id":"q-z","shortcut":"z","text":"z","scope":"personal","owner_id":"root"}`, 400},
	} {
		if res := h.do(step.who, step.method, step.path, step.body, nil); res.status != step.status {
			t.Fatalf("%s %s %s: %d, want %d: %s", step.method, step.path, step.body, res.status, step.status, res.body)
		}
	}
	h.syncDirectory()
	if res := h.do(ann, "GET", "/api/v1/tags", "", nil); !strings.Contains(string(res.body), `"name":"VIP"`) {
		t.Fatalf("tags: %d %s", res.status, res.body)
	}
	res := h.do(ann, "GET", "/api/v1/quick-replies", "", nil)
	if !strings.Contains(string(res.body), `"id":"q-ann"`) || !strings.Contains(string(res.body), `"id":"q-team"`) {
		t.Fatalf("ann's quick replies: %s", res.body)
	}
	if res := h.do(root, "GET", "/api/v1/quick-replies", "", nil); strings.Contains(string(res.body), "q-ann") || strings.Contains(string(res.body), "q-team") {
		t.Fatalf("root sees ann's personal reply or a team's he is not in: %s", res.body)
	}
}
