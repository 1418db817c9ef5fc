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

// The tab counts in a list's meta are counted within the subject's limits:
// for each scope, with and without an inbox limit, every tab's count per
// status equals the number of conversations the same subject lists there.
func TestTabCountsFollowTheSubjectsScope(t *testing.T) {
	f := newFixture(t, 300)
	ctx := context.Background()
	rows := allRows(t, f, viewer)
	member := rows[0].inbox
	me := viewer.AgentID
	tabs := map[string]string{"all": "", "mine": "me", "unassigned": "unassigned", "assigned": "assigned"}
	statuses := []string{"open", "pending", "snoozed", "closed"}
	pick := func(c TabCounts, tab, status string) int64 {
		sc := map[string]StatusCounts{"all": c.All, "mine": c.Mine, "unassigned": c.Unassigned, "assigned": c.Assigned}[tab]
		return map[string]int64{"open": sc.Open, "pending": sc.Pending, "snoozed": sc.Snoozed, "closed": sc.Closed}[status]
	}
	for _, scope := range []authz.Scope{authz.ScopeAll, authz.ScopeUnassignedAndOwn, authz.ScopeParticipating} {
		for _, inboxes := range [][]string{nil, {member}} {
			access := authz.Access{Scope: scope, Inboxes: inboxes}
			if inboxes == nil {
				access.Permissions = access.Permissions.With(authz.AllInboxes)
			}
			v := viewer
			v.Subject = &authz.Subject{AccountID: viewer.AccountID, UserID: me, Access: access}
			page, err := f.svc.ListConversations(ctx, v, ListParams{Sort: SortLastActivity, Limit: 1, TagMatch: "any", Inbox: member})
			if err != nil {
				t.Fatal(err)
			}
			counts := page.Meta.Counts
			nonZero := false
			for tab, assignee := range tabs {
				for _, st := range statuses {
					p, err := ParseListParams(url.Values{"assignee": {assignee}, "status": {st}})
					if assignee == "" {
						p, err = ParseListParams(url.Values{"status": {st}})
					}
					if err != nil {
						t.Fatal(err)
					}
					want := int64(len(listAll(t, f, v, p)))
					nonZero = nonZero || want > 0
					if got := pick(counts, tab, st); got != want {
						t.Errorf("scope %s, inboxes %v: tab %s %s counts %d, the list has %d", scope, inboxes, tab, st, got, want)
					}
				}
			}
			p, _ := ParseListParams(url.Values{"inbox": {member}})
			if got, want := counts.Inbox.Open+counts.Inbox.Pending+counts.Inbox.Snoozed+counts.Inbox.Closed, int64(len(listAll(t, f, v, p))); got != want {
				t.Errorf("scope %s, inboxes %v: inbox %s counts %d, the list has %d", scope, inboxes, member, got, want)
			}
			if !nonZero {
				t.Errorf("scope %s, inboxes %v: every count is 0; the fixture shows nothing", scope, inboxes)
			}
		}
	}
}
