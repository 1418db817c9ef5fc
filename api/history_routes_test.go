package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/audit"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/inbox"
	"github.com/parley-inbox/parley/query"
)

const (
	keyAuditor  = "key-auditor-acct-1"
	keyAgent    = "key-agent-acct-1" // no audit.view
	keyAuditor2 = "key-auditor-acct-2"
)

// auditHarness serves the query routes with the auditors' routes and the
// as_of hook over a seeded PostgreSQL event store and rebuilt inbox views.
type auditHarness struct {
	pool *pgxpool.Pool
	gen  *seed.Generator
	srv  *httptest.Server
}

func newAuditHarness(t *testing.T, conversations int) *auditHarness {
	t.Helper()
	ctx := t.Context()
	pool := pgtest.Pool(t, postgres.Migrate, projections.Migrate, func(ctx context.Context, p *pgxpool.Pool) error { return inbox.Migrate(ctx, p, inbox.DefaultSchema) })
	store, err := postgres.New(ctx, pool, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Close)
	opts := seed.SeedOptions{Conversations: conversations, Accounts: 2, Seed: 9, Prefix: "h"}
	if err := seed.Seed(ctx, store, opts, nil); err != nil {
		t.Fatal(err)
	}
	p, err := inbox.NewProjector(inbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := projections.Rebuild(ctx, pool, store, p, projections.RebuildOptions{}); err != nil {
		t.Fatal(err)
	}
	gen, err := seed.NewGenerator(opts.Seed, opts.Accounts, opts.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := query.NewService(pool, query.Config{CursorKey: []byte("a-cursor-key-of-at-least-32-bytes!!")})
	if err != nil {
		t.Fatal(err)
	}
	reader, err := audit.NewReader(store)
	if err != nil {
		t.Fatal(err)
	}
	exporter, err := audit.NewExporter(pool, 50)
	if err != nil {
		t.Fatal(err)
	}
	history, err := NewHistoryRoutes(HistoryRoutesConfig{Reader: reader, Exporter: exporter, Chains: store, DB: pool})
	if err != nil {
		t.Fatal(err)
	}
	agent, _ := authz.BuiltinRole(authz.RoleAgent)
	keys, err := NewAPIKeys([]APIKey{
		{Secret: keyAuditor, Principal: Principal{AccountID: seed.AccountID(0), Actor: domain.Actor{Kind: domain.ActorAPIClient, ID: "auditor"}}},
		{Secret: keyAuditor2, Principal: Principal{AccountID: seed.AccountID(1), Actor: domain.Actor{Kind: domain.ActorAPIClient, ID: "auditor"}}},
		{Secret: keyAgent, Principal: Principal{AccountID: seed.AccountID(0), Actor: domain.Actor{Kind: domain.ActorAgent, ID: seed.AgentID(0, 0)},
			Access: authz.Access{Role: agent.ID, Permissions: agent.Permissions, Scope: agent.Scope}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	progress := projections.NewProgress(pool, projections.ProgressConfig{Logger: slog.New(slog.DiscardHandler)})
	e := NewEngine(Options{Name: "query", Logger: slog.New(slog.DiscardHandler)})
	group := e.Group(BasePath, RequireAuth(keys))
	history.Register(group)
	if err := RegisterQueryRoutes(group, svc, QueryRoutesConfig{Progress: progress, TimeTravel: history}); err != nil {
		t.Fatal(err)
	}
	if undocumented, _, err := RouteDiff(OpenAPIDocument(), e); err != nil || len(undocumented) > 0 {
		t.Fatalf("routes missing from api/openapi.yaml: %v (%v)", undocumented, err)
	}
	h := &auditHarness{pool: pool, gen: gen, srv: httptest.NewServer(e)}
	t.Cleanup(h.srv.Close)
	return h
}

func (h *auditHarness) get(t *testing.T, key, path string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, h.srv.URL+path, nil)
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
	for k, v := range res.Trailer {
		res.Header[k] = v
	}
	return res.StatusCode, res.Header, body
}

func TestHistoryRoutes(t *testing.T) {
	h := newAuditHarness(t, 10)
	id := h.gen.ConversationID(0)
	code, _, body := h.get(t, keyAuditor, "/api/v1/conversations/"+id+"/history?limit=2")
	var page audit.HistoryPage
	if code != http.StatusOK || json.Unmarshal(body, &page) != nil || len(page.Data) != 2 || page.NextRevision == nil || *page.NextRevision != 2 {
		t.Fatalf("first page: %d %s", code, body)
	}
	rec := page.Data[0]
	if rec.Type != conversation.TypeOpened || rec.CommandID == "" || rec.Session != "seed" || rec.Position == 0 {
		t.Fatalf("first event %+v", rec)
	}
	code, _, body = h.get(t, keyAuditor, "/api/v1/conversations/"+id+"/history?type=conversation.opened,conversation.closed&actor=system:")
	if code != http.StatusOK || json.Unmarshal(body, &page) != nil {
		t.Fatalf("filtered: %d %s", code, body)
	}
	for _, r := range page.Data {
		if r.Actor.Kind != "system" || (r.Type != conversation.TypeOpened && r.Type != conversation.TypeClosed) {
			t.Fatalf("filter let %+v through", r)
		}
	}
	// Handles in contact events are masked for callers without PII access.
	code, _, body = h.get(t, keyAuditor, "/api/v1/contacts/"+h.gen.ContactID(0)+"/history?type=contact.identity_added")
	if code != http.StatusOK || json.Unmarshal(body, &page) != nil || len(page.Data) == 0 {
		t.Fatalf("contact history: %d %s", code, body)
	}
	for _, r := range page.Data {
		if !bytes.Contains(r.Data, []byte(`"masked":true`)) || !bytes.Contains(r.Data, []byte("•")) {
			t.Fatalf("identity not masked: %s", r.Data)
		}
	}
	for _, tc := range []struct {
		key, path string
		code      int
	}{
		{keyAuditor2, "/api/v1/conversations/" + id + "/history", http.StatusNotFound}, // another account's
		{keyAgent, "/api/v1/conversations/" + id + "/history", http.StatusForbidden},   // no audit.view
		{keyAuditor, "/api/v1/conversations/nope/history", http.StatusNotFound},
		{keyAuditor, "/api/v1/conversations/" + id + "/history?limit=5000", http.StatusBadRequest},
		{keyAuditor, "/api/v1/conversations/" + id + "/history?from=yesterday", http.StatusBadRequest},
		{keyAuditor, "/api/v1/conversations/" + id + "/history?bogus=1", http.StatusBadRequest},
		{keyAuditor, "/api/v1/contacts/" + h.gen.ContactID(0) + "/history", http.StatusOK},
		{keyAgent, "/api/v1/conversations/" + id + "?as_of=0", http.StatusForbidden},
		{keyAuditor2, "/api/v1/conversations/" + id + "?as_of=0", http.StatusNotFound},
		{keyAuditor, "/api/v1/conversations/" + id + "?as_of=last-week", http.StatusBadRequest},
		{keyAuditor, "/api/v1/conversations/" + id + "?as_of=2000-01-01T00:00:00Z", http.StatusNotFound},
		{keyAgent, "/api/v1/conversations/" + id, http.StatusOK}, // the live view is untouched
	} {
		if code, _, body := h.get(t, tc.key, tc.path); code != tc.code {
			t.Errorf("GET %s as %s: %d, want %d: %s", tc.path, tc.key, code, tc.code, body)
		}
	}
}

func TestAsOfLatestRevisionMatchesLiveView(t *testing.T) {
	h := newAuditHarness(t, 10)
	for i := range 10 {
		key := keyAuditor
		if i%2 == 1 {
			key = keyAuditor2
		}
		path := "/api/v1/conversations/" + h.gen.ConversationID(i)
		code, hdr, live := h.get(t, key, path)
		if code != http.StatusOK {
			t.Fatalf("live: %d %s", code, live)
		}
		rev := strings.Trim(hdr.Get("ETag"), `"`)
		code, _, past := h.get(t, key, path+"?as_of="+rev)
		if code != http.StatusOK {
			t.Fatalf("as_of=%s: %d %s", rev, code, past)
		}
		var a, b map[string]any
		_ = json.Unmarshal(live, &a)
		_ = json.Unmarshal(past, &b)
		for k, v := range a {
			if got, _ := json.Marshal(b[k]); string(got) != mustJSON(v) {
				t.Errorf("%s field %s: live %s, as_of %s", path, k, mustJSON(v), got)
			}
		}
		if b["messages"] == nil || b["as_of"] == nil {
			t.Fatalf("as_of answer lacks messages or as_of: %s", past)
		}
	}
	// A time: as of the moment the first conversation opened.
	var page audit.HistoryPage
	code, _, body := h.get(t, keyAuditor, "/api/v1/conversations/"+h.gen.ConversationID(0)+"/history?limit=1")
	if code != http.StatusOK || json.Unmarshal(body, &page) != nil || len(page.Data) != 1 {
		t.Fatalf("history: %d %s", code, body)
	}
	opened := page.Data[0].OccurredAt.Format(time.RFC3339Nano)
	code, _, body = h.get(t, keyAuditor, "/api/v1/conversations/"+h.gen.ConversationID(0)+"?as_of="+opened)
	if code != http.StatusOK || !bytes.Contains(body, []byte(`"requested_time"`)) {
		t.Fatalf("as_of a time: %d %s", code, body)
	}
	code, _, body = h.get(t, keyAuditor, "/api/v1/contacts/"+h.gen.ContactID(0)+"?as_of=0")
	if code != http.StatusOK || !bytes.Contains(body, []byte(`"display_name"`)) {
		t.Fatalf("contact as_of=0: %d %s", code, body)
	}
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestAuditExportAndVerifyRoutes(t *testing.T) {
	h := newAuditHarness(t, 40)
	ctx := t.Context()
	var want int
	if err := h.pool.QueryRow(ctx, `SELECT count(*) FROM eventstore.events WHERE account_id = $1`, seed.AccountID(0)).Scan(&want); err != nil {
		t.Fatal(err)
	}
	code, hdr, body := h.get(t, keyAuditor, "/api/v1/audit/events?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z")
	if code != http.StatusOK || hdr.Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("export: %d %v", code, hdr)
	}
	lines := 0
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r audit.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil || r.AccountID != seed.AccountID(0) {
			t.Fatalf("line %d: %s (%v)", lines, sc.Bytes(), err)
		}
		lines++
	}
	if lines != want || hdr.Get("Parley-Export-Events") != mustJSON(want) || hdr.Get("Parley-Export-Complete") != "true" {
		t.Fatalf("exported %d lines (trailers %v), the account has %d events", lines, hdr, want)
	}
	if code, _, _ := h.get(t, keyAgent, "/api/v1/audit/events"); code != http.StatusForbidden {
		t.Fatalf("export without audit.view: %d", code)
	}

	var res audit.Verification
	code, _, body = h.get(t, keyAuditor, "/api/v1/audit/verify")
	if code != http.StatusOK || json.Unmarshal(body, &res) != nil || !res.OK || res.Events == 0 {
		t.Fatalf("verify: %d %s", code, body)
	}
	stream := conversation.StreamName(h.gen.ConversationID(2)) // account 1
	var position uint64
	if err := h.pool.QueryRow(ctx, `UPDATE eventstore.events SET occurred_at = occurred_at, data = data || '{"text":"edited"}'
		WHERE stream_id = $1 AND revision = 3 RETURNING position`, stream).Scan(&position); err != nil {
		t.Fatal(err)
	}
	code, _, body = h.get(t, keyAuditor, "/api/v1/audit/verify")
	if code != http.StatusOK || json.Unmarshal(body, &res) != nil || res.OK || res.Break == nil ||
		res.Break.Stream != stream || res.Break.Revision != 3 || res.Break.Position != position {
		t.Fatalf("verify after tampering: %d %s; want a break at %s revision 3 position %d", code, body, stream, position)
	}
	if code, _, body = h.get(t, keyAuditor2, "/api/v1/audit/verify"); code != http.StatusOK || !bytes.Contains(body, []byte(`"ok":true`)) {
		t.Fatalf("the other account's chain: %d %s", code, body)
	}
}
