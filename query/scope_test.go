package query

import (
	"context"
	"errors"
	"maps"
	"net/url"
	"slices"
	"testing"

	"github.com/parley-inbox/parley/domain"
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
	member := slices.Sorted(maps.Keys(inboxes))[0] // the fixture is seeded: the same inbox every run
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
	// Tag lists (read from the tag rows, which carry inbox and assignee)
	// keep to the scope too, across pages: agents in every inbox but one,
	// seeing all their conversations or only unassigned and own ones.
	var others []string
	for _, in := range slices.Sorted(maps.Keys(inboxes)) {
		if in != member {
			others = append(others, in)
		}
	}
	for _, scope := range []authz.Scope{authz.ScopeAll, authz.ScopeUnassignedAndOwn} {
		sub := authz.Subject{AccountID: viewer.AccountID, UserID: me, Access: authz.Access{Scope: scope, Inboxes: others}}
		sv := viewer
		sv.Subject = &sub
		inScope := map[string]bool{}
		for _, r := range rows {
			inScope[r.id] = r.inbox != member && (scope == authz.ScopeAll || r.assignee == "" || r.assignee == me)
		}
		total := 0
		for _, q := range []string{"tag=refund", "tag=vip,bug", "tag=vip&tag=bug&tag_match=all", "tag=refund&status=open", "tag=bug&assignee=unassigned", "tag=vip&assignee=me", "tag=refund&status=closed&waiting=true"} {
			vals, _ := url.ParseQuery(q)
			tp, err := ParseListParams(vals)
			if err != nil {
				t.Fatal(err)
			}
			scopedWant := slices.DeleteFunc(expect(rows, viewer, tp), func(id string) bool { return !inScope[id] })
			total += len(scopedWant)
			for _, limit := range []int{7, 100} {
				tp.Limit = limit
				if got := listAll(t, f, sv, tp); !slices.Equal(got, scopedWant) {
					t.Errorf("scope %s, %q limit %d: got %d rows %v, want %d %v", scope, q, limit, len(got), head(got), len(scopedWant), head(scopedWant))
				}
			}
		}
		if total < 5 {
			t.Fatalf("scope %s: the tag lists hold %d rows in all; the check proves little", scope, total)
		}
	}
	// Visible (the timeline's and the live stream's check) agrees with
	// GetConversation for every conversation, scoped or not, and for one
	// that does not exist.
	for _, v := range []Viewer{scoped, viewer} {
		for _, id := range append(slices.Concat(want, hidden), "no-such-conversation") {
			_, getErr := f.svc.GetConversation(ctx, v, id)
			visErr := f.svc.Visible(ctx, v, id)
			if (getErr == nil) != (visErr == nil) || (visErr != nil && !errors.Is(visErr, domain.ErrNotFound)) {
				t.Fatalf("conversation %s (scoped %v): GetConversation %v, Visible %v", id, v.Subject != nil, getErr, visErr)
			}
		}
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
