package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/projections/timeline"
	"github.com/parley-inbox/parley/projections/timeline/contract"
	"github.com/parley-inbox/parley/projections/timeline/estimeline"
	"github.com/parley-inbox/parley/projections/timeline/pgtimeline"
)

// Credentials of the search route tests: an admin of account x, an agent
// of account x who sees only the in-mail inbox and no reports, and an admin
// of account y.
const (
	keyXAdmin   = "key-x-admin"
	keyXLimited = "key-x-limited"
	keyYAdmin   = "key-y-admin"
)

func searchKeys(t *testing.T) *api.APIKeys {
	t.Helper()
	limited := authz.Access{Role: "agent", Scope: authz.ScopeAll, Inboxes: []string{"in-mail"}}
	keys, err := api.NewAPIKeys([]api.APIKey{
		{Secret: keyXAdmin, Principal: api.Principal{AccountID: contract.AccountX, Actor: domain.Actor{Kind: domain.ActorAgent, ID: "agent-1"}}},
		{Secret: keyXLimited, Principal: api.Principal{AccountID: contract.AccountX, Actor: domain.Actor{Kind: domain.ActorAgent, ID: "agent-2"}, Access: limited}},
		{Secret: keyYAdmin, Principal: api.Principal{AccountID: contract.AccountY, Actor: domain.Actor{Kind: domain.ActorAgent, ID: "agent-9"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// searchServer serves the search routes over reader.
func searchServer(t *testing.T, reader timeline.Reader) *httptest.Server {
	t.Helper()
	e := api.NewEngine(api.Options{Name: "query", Logger: slog.New(slog.DiscardHandler)})
	if err := api.RegisterSearchRoutes(e.Group(api.BasePath, api.RequireAuth(searchKeys(t))), api.SearchRoutesConfig{Reader: reader, Visible: docVisibility(reader)}); err != nil {
		t.Fatal(err)
	}
	undocumented, _, err := api.RouteDiff(api.OpenAPIDocument(), e)
	if err != nil || len(undocumented) > 0 {
		t.Fatalf("search routes missing from api/openapi.yaml: %v (%v)", undocumented, err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv
}

// docVisibility decides who may see a conversation from the timeline's own
// conversation documents, as the scenario has no inbox views (serve uses
// api.ConversationVisibility, the inbox view's check: query tests compare
// it with GET /conversations/{id}, cmd/parley tests run it end to end).
func docVisibility(r timeline.Reader) func(context.Context, api.Principal, string) error {
	return func(ctx context.Context, p api.Principal, id string) error {
		conv, err := r.Conversation(ctx, p.AccountID, id)
		if err != nil {
			return err
		}
		meta := authz.ConversationMeta{AccountID: conv.AccountID, InboxID: conv.InboxID, AssigneeID: conv.AssigneeID, TeamID: conv.TeamID}
		if !authz.CanSeeConversation(p.Subject(), meta) {
			return timeline.ErrNotFound
		}
		return nil
	}
}

// scenarioServer holds the contract scenario in PostgreSQL.
func scenarioServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	db := pgtest.Pool(t)
	if err := pgtimeline.Migrate(ctx, db, ""); err != nil {
		t.Fatal(err)
	}
	s, err := pgtimeline.NewStore(db, "")
	if err != nil {
		t.Fatal(err)
	}
	contract.Project(t, contract.Adapter{Docs: s.DocStore(), Reader: s}, contract.Scenario(t), 10)
	return searchServer(t, s)
}

func getJSON(t *testing.T, srv *httptest.Server, key, path string, params url.Values, out any) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+api.BasePath+path+"?"+params.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil && res.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, out); err != nil {
			t.Fatalf("GET %s: %v in %s", path, err, body)
		}
	}
	return res.StatusCode, res.Header, string(body)
}

func TestSearchRoute(t *testing.T) {
	srv := scenarioServer(t)
	var res api.SearchResponse
	if code, _, body := getJSON(t, srv, keyXAdmin, "/search", url.Values{"q": {"ord"}, "mode": {"prefix"}, "limit": {"1"}}, &res); code != http.StatusOK {
		t.Fatalf("search: %d %s", code, body)
	}
	if len(res.Data) != 1 || res.Data[0].ID != "c1:m:m3" || res.NextCursor == "" {
		t.Fatalf("first page: %+v", res)
	}
	var next api.SearchResponse
	getJSON(t, srv, keyXAdmin, "/search", url.Values{"q": {"ord"}, "mode": {"prefix"}, "limit": {"1"}, "cursor": {res.NextCursor}}, &next)
	if len(next.Data) != 1 || next.Data[0].ID != "c1:m:m2" {
		t.Fatalf("second page: %+v", next)
	}
	var limited api.SearchResponse
	getJSON(t, srv, keyXLimited, "/search", url.Values{"q": {"order invoice"}, "mode": {"all"}}, &limited)
	getJSON(t, srv, keyXLimited, "/search", url.Values{"q": {"invoice"}}, &limited)
	for _, h := range limited.Data {
		if h.InboxID != "in-mail" {
			t.Fatalf("agent limited to in-mail found %+v", h)
		}
	}
	if len(limited.Data) != 2 {
		t.Fatalf("limited agent's invoice search: %+v", limited)
	}
	var other api.SearchResponse
	getJSON(t, srv, keyYAdmin, "/search", url.Values{"q": {"order"}}, &other)
	if len(other.Data) != 0 {
		t.Fatalf("account y found account x's messages: %+v", other)
	}
	for _, c := range []struct {
		name   string
		params url.Values
	}{
		{"no q", url.Values{}},
		{"only punctuation", url.Values{"q": {"!!! ???"}}},
		{"bad mode", url.Values{"q": {"x"}, "mode": {"regex"}}},
		{"too long", url.Values{"q": {string(make([]byte, 300))}}},
		{"bad cursor", url.Values{"q": {"x"}, "cursor": {"%%%"}}},
		{"unknown parameter", url.Values{"q": {"x"}, "account": {"acct-y"}}},
	} {
		if code, _, body := getJSON(t, srv, keyXAdmin, "/search", c.params, nil); code != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", c.name, code, body)
		}
	}
}

// TestSearchRoutesWhenTheEngineIsDown: a search engine that cannot be
// reached answers 503 with Retry-After and a clear problem.
func TestSearchRoutesWhenTheEngineIsDown(t *testing.T) {
	c, err := estimeline.New(estimeline.Config{Addresses: []string{"http://127.0.0.1:1"}, OpenSearchCompat: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := searchServer(t, c)
	for _, path := range []string{"/conversations/c1/timeline", "/search?q=order", "/metrics/conversations?from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00Z"} {
		u, _ := url.Parse(path)
		code, hdr, body := getJSON(t, srv, keyXAdmin, u.Path, u.Query(), nil)
		if code != http.StatusServiceUnavailable || hdr.Get("Retry-After") == "" || !strings.Contains(body, "search_unavailable") {
			t.Errorf("%s with the engine down: %d %v %s", path, code, hdr, body)
		}
	}
}
