package query

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"github.com/parley-inbox/parley/internal/authz"
)

// An agent limited to some inboxes and to unassigned-or-own conversations
// lists and reads only those; another conversation answers not found.
func TestListsAndReadsFollowTheSubjectsScope(t *testing.T) {
	f := newFixture(t, 300)
	ctx := context.Background()
	rows := allRows(t, f, viewer)
	inboxes := map[string]bool{}
	for _, r := range rows {
		inboxes[r.inbox] = true
	}
	if len(inboxes) < 2 {
		t.Fatalf("the fixture needs conversations in two inboxes, has %v", inboxes)
	}
	var member string
	for in := range inboxes {
		member = in
		break
	}
	me := viewer.AgentID
	subject := authz.Subject{AccountID: viewer.AccountID, UserID: me,
		Access: authz.Access{Scope: authz.ScopeUnassignedAndOwn, Inboxes: []string{member}}}
	scoped := viewer
	scoped.Subject = &subject

	var want, hidden []string
	for _, r := range rows {
		if r.inbox == member && (r.assignee == "" || r.assignee == me) {
			want = append(want, r.id)
		} else {
			hidden = append(hidden, r.id)
		}
	}
	if len(want) == 0 || len(hidden) == 0 {
		t.Fatalf("the fixture must have visible (%d) and hidden (%d) conversations", len(want), len(hidden))
	}
	p, err := ParseListParams(url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	got := listAll(t, f, scoped, p)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("scoped list has %d conversations, want %d", len(got), len(want))
	}
	if _, err := f.svc.GetConversation(ctx, scoped, want[0]); err != nil {
		t.Fatalf("visible conversation: %v", err)
	}
	if _, err := f.svc.GetConversation(ctx, scoped, hidden[0]); err == nil {
		t.Fatalf("conversation %s outside the subject's scope was readable", hidden[0])
	}
	// Without a subject (full-rights API keys) the account is the only limit.
	if all := listAll(t, f, viewer, p); len(all) != len(rows) {
		t.Fatalf("unscoped list has %d conversations, want %d", len(all), len(rows))
	}
}
