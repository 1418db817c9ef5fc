package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/parley-inbox/parley/internal/loadgen"
	"github.com/parley-inbox/parley/internal/seed"
)

// listFilters are the conversation lists an agent opens: the tabs, each
// status, a tag, an inbox, a team, unread and waiting, and each sort order.
func listFilters() []struct{ name, query string } {
	inboxID := seed.InboxID(0, "whatsapp")
	return []struct{ name, query string }{
		{"all (last activity)", ""},
		{"tab mine", "assignee=me"},
		{"tab unassigned", "assignee=unassigned"},
		{"tab assigned", "assignee=assigned"},
		{"status open", "status=open"},
		{"status pending", "status=pending"},
		{"status snoozed", "status=snoozed"},
		{"status closed", "status=closed"},
		{"mine + open", "assignee=me&status=open"},
		{"tag refund", "tag=refund"},
		{"tags bug+refund (all)", "tag=bug&tag=refund&tag_match=all"},
		{"inbox whatsapp", "inbox=" + inboxID},
		{"team support", "team=" + seed.TeamID(0, "support")},
		{"channel email", "channel=email"},
		{"unread", "unread=true"},
		{"waiting", "waiting=true"},
		{"priority high", "priority=high"},
		{"sort created", "sort=created"},
		{"sort waiting_since", "sort=waiting_since"},
		{"sort priority", "sort=priority"},
		{"open, sort created", "status=open&sort=created"},
	}
}

// agentListFilters are the lists a web agent opens most.
func agentListFilters() []struct{ name, query string } {
	return []struct{ name, query string }{
		{"all (last activity)", ""},
		{"tab mine", "assignee=me"},
		{"tab unassigned", "assignee=unassigned"},
		{"status open", "status=open"},
		{"tag refund", "tag=refund"},
		{"waiting", "waiting=true"},
		{"sort created", "sort=created"},
	}
}

// listPage GETs one page and returns its next cursor.
func listPage(ctx context.Context, c *http.Client, srv *benchServer, query string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.QueryURL+"/api/v1/conversations?"+query, nil)
	if err != nil {
		return "", err
	}
	srv.authorize(req)
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("list ?%s: %d %s", query, resp.StatusCode, b)
	}
	var page struct {
		Data []json.RawMessage `json:"data"`
		Meta struct {
			NextCursor string `json:"next_cursor"`
		} `json:"meta"`
	}
	if err := json.Unmarshal(b, &page); err != nil {
		return "", fmt.Errorf("list ?%s: %w", query, err)
	}
	return page.Meta.NextCursor, nil
}

// benchLists measures the first page (limit 25) of every filter, then deep
// keyset pages: each client walks 50 pages of 50 and starts over.
func benchLists(ctx context.Context, rb *readBench, clients int, perFilter time.Duration) []loadgen.Result {
	var out []loadgen.Result
	for _, f := range listFilters() {
		q := f.query
		out = append(out, loadgen.Run(ctx, "list: "+f.name, clients, perFilter, 0, func(ctx context.Context, c *http.Client, _, _ int) error {
			_, err := listPage(ctx, c, rb.srv, q)
			return err
		}))
	}
	// The same lists as a web agent sees them: limited to two inboxes and
	// to unassigned and own conversations (the list's scoped path).
	for _, f := range agentListFilters() {
		q := f.query
		out = append(out, loadgen.Run(ctx, "list as web agent: "+f.name, clients, perFilter, 0, func(ctx context.Context, c *http.Client, _, _ int) error {
			_, err := listPage(ctx, c, rb.agent, q)
			return err
		}))
	}
	for _, deep := range []struct{ name, query string }{{"deep pages (all, limit 50)", "limit=50"}, {"deep pages (open, sort created)", "limit=50&status=open&sort=created"}} {
		cursors := make([]string, clients)
		pages := make([]int, clients)
		out = append(out, loadgen.Run(ctx, "list: "+deep.name+" 1..50", clients, 2*perFilter, 0, func(ctx context.Context, c *http.Client, client, _ int) error {
			q := deep.query
			if cursors[client] != "" {
				q += "&cursor=" + url.QueryEscape(cursors[client])
			}
			next, err := listPage(ctx, c, rb.srv, q)
			pages[client]++
			if next == "" || pages[client] == 50 {
				next, pages[client] = "", 0
			}
			cursors[client] = next
			return err
		}))
	}
	return out
}
