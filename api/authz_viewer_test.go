package api

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/query"
)

// ConversationVisibility (the timeline's and the live stream's check) over
// real inbox views: an agent limited to one inbox and to unassigned-or-own
// conversations sees exactly those of its account; a full-access key skips
// the lookup (the timeline then reads within its account only).
func TestConversationVisibilityFollowsTheInboxView(t *testing.T) {
	h := newQueryHarness(t, 80)
	ctx := context.Background()
	if st, _, body := h.get(t, keyQueryAcct1, fmt.Sprintf("/api/v1/conversations?min_position=%d&wait_ms=10000&limit=1", h.head), nil); st != 200 {
		t.Fatalf("wait for the views: %d %s", st, body)
	}
	svc, err := query.NewService(h.pool, query.Config{CursorKey: []byte("a-cursor-key-of-at-least-32-bytes!!")})
	if err != nil {
		t.Fatal(err)
	}
	visible := ConversationVisibility(svc)

	type row struct{ id, inbox, assignee string }
	account := seed.AccountID(0)
	rs, err := h.pool.Query(ctx, `SELECT id, inbox_id, coalesce(assignee_id, '') FROM inbox.conversations WHERE account_id = $1`, account)
	if err != nil {
		t.Fatal(err)
	}
	var rows []row
	for rs.Next() {
		var r row
		if err := rs.Scan(&r.id, &r.inbox, &r.assignee); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	if err := rs.Err(); err != nil || len(rows) == 0 {
		t.Fatalf("conversations of %s: %d, %v", account, len(rows), err)
	}
	member, me := rows[0].inbox, seed.AgentID(0, 2)
	scoped := Principal{AccountID: account, Actor: domain.Actor{Kind: domain.ActorAgent, ID: me},
		Access: authz.Access{Role: authz.RoleAgent, Scope: authz.ScopeUnassignedAndOwn, Inboxes: []string{member}}}
	full := Principal{AccountID: account, Actor: domain.Actor{Kind: domain.ActorAgent, ID: me}, Access: authz.Full()}
	other := Principal{AccountID: seed.AccountID(1), Actor: domain.Actor{Kind: domain.ActorAgent, ID: seed.AgentID(1, 0)},
		Access: authz.Access{Role: authz.RoleAgent, Scope: authz.ScopeUnassignedAndOwn, Inboxes: []string{member}}}

	seen, hidden := 0, 0
	for _, r := range rows {
		want := r.inbox == member && (r.assignee == "" || r.assignee == me)
		err := visible(ctx, scoped, r.id)
		if want != (err == nil) || (err != nil && !errors.Is(err, domain.ErrNotFound)) {
			t.Fatalf("scoped agent, conversation %+v: %v, want visible=%v", r, err, want)
		}
		if want {
			seen++
		} else {
			hidden++
		}
		if err := visible(ctx, full, r.id); err != nil {
			t.Fatalf("full access, conversation %s: %v", r.id, err)
		}
		if err := visible(ctx, other, r.id); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("an agent of another account, conversation %s: %v, want not found", r.id, err)
		}
	}
	if seen == 0 || hidden == 0 {
		t.Fatalf("the fixture must have visible (%d) and hidden (%d) conversations", seen, hidden)
	}
	if err := visible(ctx, scoped, "no-such-conversation"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("a missing conversation: %v, want not found", err)
	}
}
