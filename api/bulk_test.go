package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/query"
)

// bulkServer is the command API with the bulk route over the query
// harness's event store and views.
func bulkServer(t *testing.T, h *queryHarness) *httptest.Server {
	t.Helper()
	if err := MigrateIdempotency(t.Context(), h.pool); err != nil {
		t.Fatal(err)
	}
	handlers, err := command.NewHandlers(h.store, command.StaticAgents{}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := query.NewService(h.pool, query.Config{CursorKey: []byte("a-cursor-key-of-at-least-32-bytes!!")})
	if err != nil {
		t.Fatal(err)
	}
	keys, err := NewAPIKeys([]APIKey{
		{Secret: keyQueryAcct1, Principal: Principal{AccountID: seed.AccountID(0), Actor: domain.Actor{Kind: domain.ActorAgent, ID: seed.AgentID(0, 2)}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(Options{Name: "command", Logger: slog.New(slog.DiscardHandler)})
	cmds, err := NewCommandAPI(e, CommandConfig{Auth: keys, Idempotency: NewIdempotency(h.pool, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	cmds.Authorize(handlers)
	if err := RegisterBulkRoute(cmds, BulkConfig{Commands: handlers, Lister: svc, MaxItems: 50}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv
}

func postBulk(t *testing.T, srv *httptest.Server, idemKey string, body any) (int, bulkResponse, string) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+BasePath+BulkPath, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+keyQueryAcct1)
	req.Header.Set("Content-Type", "application/json")
	if idemKey != "" {
		req.Header.Set("Idempotency-Key", idemKey)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out bulkResponse
	if res.StatusCode == http.StatusOK {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("bulk answer: %v in %s", err, raw)
		}
	}
	return res.StatusCode, out, string(raw)
}

// openIDs lists account 1's open conversations, read at position pos.
func openIDs(t *testing.T, h *queryHarness, extra string, pos uint64) []string {
	t.Helper()
	var ids []string
	cursor := ""
	for {
		var page query.Page
		path := fmt.Sprintf("/api/v1/conversations?status=open&limit=100&min_position=%d%s", pos, extra)
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		if code, _, body := h.get(t, keyQueryAcct1, path, &page); code != http.StatusOK {
			t.Fatalf("list: %d %s", code, body)
		}
		for _, c := range page.Data {
			ids = append(ids, c.ID)
		}
		if cursor = page.Meta.NextCursor; cursor == "" {
			return ids
		}
	}
}

func TestBulkTagsByIdsWithAResultPerConversation(t *testing.T) {
	h := newQueryHarness(t, 40)
	srv := bulkServer(t, h)
	ids := openIDs(t, h, "", h.head)
	if len(ids) < 4 {
		t.Fatalf("only %d open conversations seeded", len(ids))
	}
	chosen := append(slices.Clone(ids[:4]), ids[0], "no-such-conversation")
	code, out, raw := postBulk(t, srv, "bulk-1", map[string]any{"ids": chosen, "command": map[string]any{"type": "tag", "tag": "Bulk-Tag"}})
	if code != http.StatusOK {
		t.Fatalf("bulk: %d %s", code, raw)
	}
	if out.Succeeded != 4 || out.Failed != 1 || len(out.Results) != 5 {
		t.Fatalf("succeeded %d failed %d results %d, want 4, 1, 5 (duplicate ids once): %s", out.Succeeded, out.Failed, len(out.Results), raw)
	}
	if last := out.Results[4]; last.ID != "no-such-conversation" || last.Status != http.StatusNotFound || last.Code == "" {
		t.Fatalf("unknown conversation: %+v, want 404 with a code", last)
	}
	tagged := openIDs(t, h, "&tag=bulk-tag", out.Position)
	slices.Sort(tagged)
	want := slices.Clone(ids[:4])
	slices.Sort(want)
	if !slices.Equal(tagged, want) {
		t.Fatalf("tagged %v, want %v", tagged, want)
	}

	// The same Idempotency-Key again appends nothing: the revisions stay.
	_, again, _ := postBulk(t, srv, "bulk-1", map[string]any{"ids": chosen, "command": map[string]any{"type": "tag", "tag": "Bulk-Tag"}})
	for i := range 4 {
		if again.Results[i].Revision != out.Results[i].Revision {
			t.Fatalf("retry of %s: revision %d, first call %d", out.Results[i].ID, again.Results[i].Revision, out.Results[i].Revision)
		}
	}
}

func TestBulkByFilterPagesWithoutSkippingOrRepeating(t *testing.T) {
	h := newQueryHarness(t, 40)
	srv := bulkServer(t, h)
	open := openIDs(t, h, "", h.head)
	// Closing moves each conversation out of the filter: the pages must still cover every one.
	seen := map[string]int{}
	var pos uint64
	cursor := ""
	for calls := 0; ; calls++ {
		if calls > len(open) {
			t.Fatal("bulk by filter does not end")
		}
		body := map[string]any{"filter": map[string]any{"status": "open"}, "limit": 3, "command": map[string]any{"type": "close", "reason": "bulk"}}
		if cursor != "" {
			body["cursor"] = cursor
		}
		code, out, raw := postBulk(t, srv, "", body)
		if code != http.StatusOK {
			t.Fatalf("bulk: %d %s", code, raw)
		}
		if len(out.Results) > 3 || out.Failed != 0 {
			t.Fatalf("a page of %d with %d failures: %s", len(out.Results), out.Failed, raw)
		}
		for _, r := range out.Results {
			seen[r.ID]++
		}
		pos = max(pos, out.Position)
		if cursor = out.NextCursor; cursor == "" {
			break
		}
	}
	for _, id := range open {
		if seen[id] != 1 {
			t.Errorf("%s closed %d times, want once", id, seen[id])
		}
	}
	if left := openIDs(t, h, "", pos); len(left) != 0 {
		t.Fatalf("still open after closing all: %v", left)
	}
}

func TestBulkRejectsBadRequests(t *testing.T) {
	h := newQueryHarness(t, 2)
	srv := bulkServer(t, h)
	many := make([]string, 51)
	for i := range many {
		many[i] = fmt.Sprintf("c-%d", i)
	}
	for name, body := range map[string]any{
		"no selection":      map[string]any{"command": map[string]any{"type": "close"}},
		"ids and filter":    map[string]any{"ids": []string{"a"}, "filter": map[string]any{"status": "open"}, "command": map[string]any{"type": "close"}},
		"unknown command":   map[string]any{"ids": []string{"a"}, "command": map[string]any{"type": "explode"}},
		"tag without a tag": map[string]any{"ids": []string{"a"}, "command": map[string]any{"type": "tag"}},
		"too many ids":      map[string]any{"ids": many, "command": map[string]any{"type": "close"}},
		"bad filter":        map[string]any{"filter": map[string]any{"status": "sleeping"}, "command": map[string]any{"type": "close"}},
		"sort in filter":    map[string]any{"filter": map[string]any{"sort": "created"}, "command": map[string]any{"type": "close"}},
		"unknown field":     map[string]any{"ids": []string{"a"}, "command": map[string]any{"type": "close"}, "everything": true},
	} {
		code, _, raw := postBulk(t, srv, "", body)
		if code != http.StatusBadRequest && code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s, want 400 or 422", name, code, raw)
		}
		if !strings.Contains(raw, `"code"`) {
			t.Errorf("%s: not a problem document: %s", name, raw)
		}
	}
}
