package query

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/parley-inbox/parley/domain"
)

func TestTabCountsComeFromTheCountsTable(t *testing.T) {
	f := newFixture(t, 120)
	ctx := context.Background()
	page, err := f.svc.ListConversations(ctx, viewer, ListParams{Sort: SortLastActivity, Limit: 5, TagMatch: "any", Team: "a1-support", Tags: []string{"vip"}})
	if err != nil {
		t.Fatal(err)
	}
	want := func(cond string, args ...any) StatusCounts {
		t.Helper()
		var c StatusCounts
		rows, err := f.pool.Query(ctx, `SELECT status, count(*) FROM inbox.conversations c WHERE account_id = $1 AND `+cond+` GROUP BY status`,
			append([]any{viewer.AccountID}, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			var n int64
			if err := rows.Scan(&s, &n); err != nil {
				t.Fatal(err)
			}
			c.add(s, n)
		}
		return c
	}
	got := page.Meta.Counts
	for name, pair := range map[string][2]StatusCounts{
		"all":        {got.All, want("true")},
		"mine":       {got.Mine, want("assignee_id = $2", viewer.AgentID)},
		"unassigned": {got.Unassigned, want("assignee_id = ''")},
		"assigned":   {got.Assigned, want("assignee_id <> ''")},
		"team":       {deref2(got.Team), want("team_id = 'a1-support'")},
		"tag":        {deref2(got.Tag), want("'vip' = ANY(tag_keys)")},
	} {
		if pair[0] != pair[1] {
			t.Errorf("%s counts %+v, COUNT(*) says %+v", name, pair[0], pair[1])
		}
	}
	if got.All.Open == 0 || got.Inbox != nil {
		t.Errorf("counts %+v", got)
	}
}

func deref2(c *StatusCounts) StatusCounts {
	if c == nil {
		return StatusCounts{Open: -1}
	}
	return *c
}

func TestReadsAreScopedToTheViewersAccount(t *testing.T) {
	f := newFixture(t, 30)
	ctx := context.Background()
	mine, other := f.gen.ConversationID(0), f.gen.ConversationID(1) // accounts 1 and 2
	c, err := f.svc.GetConversation(ctx, viewer, mine)
	if err != nil || c.ID != mine || c.Contact.Name == "" || !c.Contact.Masked || !strings.Contains(c.Contact.Handle, "•") {
		t.Fatalf("own conversation: %+v, %v", c, err)
	}
	for _, id := range []string{other, "nope", "../etc", strings.Repeat("x", 500)} {
		if _, err := f.svc.GetConversation(ctx, viewer, id); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("conversation %.20q: %v, want not found", id, err)
		}
	}
	k, err := f.svc.GetContact(ctx, viewer, c.Contact.ID)
	if err != nil || len(k.Identities) == 0 || len(k.Conversations) == 0 || k.Conversations[0].ID == "" {
		t.Fatalf("contact: %+v, %v", k, err)
	}
	for _, id := range k.Identities {
		if !id.Masked {
			t.Errorf("identity %+v not masked for a viewer without PII", id)
		}
	}
	if _, err := f.svc.GetContact(ctx, Viewer{AccountID: "acct-2"}, c.Contact.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("other account's contact: %v, want not found", err)
	}
	pii := viewer
	pii.SeePII, pii.SeePrivate = true, true
	k2, err := f.svc.GetContact(ctx, pii, c.Contact.ID)
	if err != nil || k2.Identities[0].Masked || !strings.HasPrefix(k2.Identities[0].Value, "+") {
		t.Errorf("PII viewer: %+v, %v", k2.Identities, err)
	}
}

func TestSearchContacts(t *testing.T) {
	f := newFixture(t, 60)
	ctx := context.Background()
	pii := viewer
	pii.SeePII = true
	k, err := f.svc.GetContact(ctx, pii, f.gen.ContactID(0))
	if err != nil {
		t.Fatal(err)
	}
	first := strings.Fields(k.DisplayName)[0]
	phone := k.Identities[0].Value // +55...
	email := k.Identities[1].Value
	for _, tc := range []struct {
		v    Viewer
		q    string
		hit  bool
		name string
	}{
		{viewer, strings.ToLower(first[:2]), true, "name prefix, any case"},
		{viewer, phone[:8], false, "phone without PII permission"},
		{pii, phone[:8], true, "phone with +"},
		{pii, phone[1:3] + " " + phone[3:8], true, "phone digits, spaced"},
		{pii, strings.ToUpper(email[:6]), true, "email prefix"},
		{pii, "zz%", false, "% is literal"},
		{viewer, "_n", false, "_ is literal"},
		{Viewer{AccountID: "acct-2", SeePII: true}, email[:6], false, "other account"},
	} {
		got, err := f.svc.SearchContacts(ctx, tc.v, SearchParams{Q: tc.q, Limit: 50})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		found := false
		for _, m := range got {
			if tc.v.AccountID == viewer.AccountID && m.ID == k.ID {
				found = true
			}
		}
		if found != tc.hit {
			t.Errorf("%s (q=%q): found %v, want %v (%d results)", tc.name, tc.q, found, tc.hit, len(got))
		}
	}
}
