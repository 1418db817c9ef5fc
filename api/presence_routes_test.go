package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/presence"
)

// convMap is the conversations the presence routes may check.
type convMap map[string]conversation.State

func (m convMap) ConversationState(_ context.Context, accountID, id string) (conversation.State, bool, error) {
	s, ok := m[accountID+"/"+id]
	return s, ok, nil
}

type presenceHarness struct {
	t     *testing.T
	srv   *httptest.Server
	store *presence.Store
	convs convMap
}

func newPresenceHarness(t *testing.T) *presenceHarness {
	agent := func(id string, perms ...authz.Permission) Principal {
		return Principal{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorAgent, ID: id},
			Access: authz.Access{Role: "agent", Scope: authz.ScopeAll, Permissions: authz.Set(0).With(append(perms, authz.AllInboxes)...)}}
	}
	keys, err := NewAPIKeys([]APIKey{
		{Secret: "ann", Principal: agent("ann", authz.SeeViewers)},
		{Secret: "bo", Principal: agent("bo")},
		{Secret: "boss", Principal: agent("boss", authz.HidePresence, authz.SeeViewers)},
		{Secret: "crm", Principal: Principal{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorAPIClient, ID: "crm"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	h := &presenceHarness{t: t, store: presence.New(presence.Config{}),
		convs: convMap{"acme/c1": {Status: conversation.StatusOpen, InboxID: "wa"}}}
	e := gin.New()
	RegisterPresenceRoutes(e.Group(BasePath, RequireAuth(keys)), PresenceConfig{Store: h.store, Conversations: h.convs})
	h.srv = httptest.NewServer(e)
	t.Cleanup(h.srv.Close)
	return h
}

func (h *presenceHarness) do(method, path, key, body string) (int, string) {
	h.t.Helper()
	req, err := http.NewRequest(method, h.srv.URL+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestPresenceRoutes(t *testing.T) {
	h := newPresenceHarness(t)
	steps := []struct {
		method, path, key, body string
		status                  int
	}{
		{"POST", "/api/v1/presence/heartbeat", "ann", `{"status":"online"}`, 200},
		{"POST", "/api/v1/presence/heartbeat", "bo", `{"status":"away"}`, 200},
		{"POST", "/api/v1/presence/heartbeat", "bo", `{"status":"online","hidden":true}`, 403},
		{"POST", "/api/v1/presence/heartbeat", "boss", `{"status":"online","hidden":true}`, 200},
		{"POST", "/api/v1/presence/heartbeat", "crm", `{"status":"online"}`, 403},
		{"POST", "/api/v1/presence/heartbeat", "ann", `{"status":"busy"}`, 422},
		{"POST", "/api/v1/conversations/c1/viewing", "ann", `{"active":true,"up_to":"2026-03-02T10:00:00Z"}`, 204},
		{"POST", "/api/v1/conversations/c1/viewing", "boss", `{"active":true}`, 204},
		{"POST", "/api/v1/conversations/c1/typing", "crm", `{"active":true,"contact_id":"k1"}`, 204},
		{"POST", "/api/v1/conversations/c1/typing", "crm", `{"active":true}`, 403},
		{"POST", "/api/v1/conversations/c2/typing", "ann", `{"active":true}`, 404},
		{"POST", "/api/v1/conversations/c1/typing", "ann", `{"active":true,"extra":1}`, 400},
	}
	for _, s := range steps {
		if code, body := h.do(s.method, s.path, s.key, s.body); code != s.status {
			t.Fatalf("%s %s as %s: %d %s, want %d", s.method, s.path, s.key, code, body, s.status)
		}
	}
	var list struct {
		Data []presence.Agent `json:"data"`
	}
	_, body := h.do("GET", "/api/v1/presence", "ann", "")
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Data) != 2 || list.Data[0].AgentID != "ann" || list.Data[1].Status != presence.Away {
		t.Fatalf("ann sees %s (%v)", body, err) // boss is hidden
	}
	_, body = h.do("GET", "/api/v1/presence", "boss", "")
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Data) != 3 {
		t.Fatalf("boss sees %s (%v)", body, err)
	}
	var sigs struct {
		Data []presence.Signal `json:"data"`
	}
	_, body = h.do("GET", "/api/v1/conversations/c1/signals", "ann", "")
	if err := json.Unmarshal([]byte(body), &sigs); err != nil || len(sigs.Data) != 2 {
		t.Fatalf("ann sees signals %s (%v)", body, err) // her view and the customer typing, not the hidden boss
	}
	_, body = h.do("GET", "/api/v1/conversations/c1/signals", "bo", "")
	if err := json.Unmarshal([]byte(body), &sigs); err != nil || len(sigs.Data) != 1 || sigs.Data[0].Kind != presence.Typing {
		t.Fatalf("bo (no see_viewers) sees %s (%v)", body, err)
	}
	if err := h.store.CheckFreshView("acme", "c1", "ann", time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)); err != nil {
		t.Fatalf("fresh view after the viewing signal: %v", err)
	}
}

func TestPresenceEventsOnTheStream(t *testing.T) {
	h := newPresenceHarness(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	bo := Principal{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "bo"},
		Access: authz.Access{Scope: authz.ScopeAll, Permissions: authz.Set(0).With(authz.AllInboxes)}}
	events, stop := PresenceEvents{Store: h.store, Conversations: h.convs}.Subscribe(ctx, bo)
	defer stop()
	h.do("POST", "/api/v1/presence/heartbeat", "boss", `{"status":"online","hidden":true}`) // hidden: not for bo
	h.do("POST", "/api/v1/conversations/c1/viewing", "ann", `{"active":true}`)              // bo may not see viewers
	h.do("POST", "/api/v1/presence/heartbeat", "ann", `{"status":"online"}`)
	h.do("POST", "/api/v1/conversations/c1/typing", "ann", `{"active":true}`)
	want := []string{streamPresenceAgent, streamPresenceSignal}
	for _, name := range want {
		select {
		case ev := <-events:
			if ev.Name != name {
				t.Fatalf("got %s %+v, want %s", ev.Name, ev.Data, name)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no %s event", name)
		}
	}
}
