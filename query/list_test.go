package query

import (
	"cmp"
	"context"
	"net/url"
	"slices"
	"testing"
	"time"
)

// row is what the oracle knows of a conversation, read straight from the view.
type row struct {
	id, status, assignee, team, inbox, channel, contact string
	tags                                                []string
	priority                                            int16
	unread                                              bool
	waiting                                             *time.Time
	created, activity                                   time.Time
}

func allRows(t *testing.T, f *fixture, v Viewer) []row {
	t.Helper()
	rows, err := f.pool.Query(context.Background(), `SELECT c.id, c.status, c.assignee_id, c.team_id, c.inbox_id, c.channel,
c.contact_id, c.tag_keys, c.priority, c.inbound_count > coalesce(r.read_inbound, 0), c.waiting_since, c.created_at, c.last_activity_at
FROM inbox.conversations c LEFT JOIN inbox.reads r ON r.conversation_id = c.id AND r.agent_id = $2 WHERE c.account_id = $1`, v.AccountID, v.AgentID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.status, &r.assignee, &r.team, &r.inbox, &r.channel, &r.contact, &r.tags, &r.priority,
			&r.unread, &r.waiting, &r.created, &r.activity); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// expect filters and sorts rows as the list should.
func expect(rows []row, v Viewer, p ListParams) []string {
	var kept []row
	for _, r := range rows {
		if (p.Status != "" && r.status != p.Status) || (p.Team != "" && r.team != p.Team) || (p.Inbox != "" && r.inbox != p.Inbox) ||
			(p.Channel != "" && r.channel != p.Channel) || (p.Contact != "" && r.contact != p.Contact) {
			continue
		}
		switch p.Assignee {
		case "":
		case "me":
			if r.assignee != v.AgentID {
				continue
			}
		case "unassigned":
			if r.assignee != "" {
				continue
			}
		case "assigned":
			if r.assignee == "" {
				continue
			}
		default:
			if r.assignee != p.Assignee {
				continue
			}
		}
		if len(p.Tags) > 0 {
			n := 0
			for _, tag := range p.Tags {
				if slices.Contains(r.tags, tag) {
					n++
				}
			}
			if n == 0 || (p.TagMatch == "all" && n < len(p.Tags)) {
				continue
			}
		}
		if (p.Priority != nil && r.priority != *p.Priority) || (p.Unread != nil && r.unread != *p.Unread) ||
			(p.Waiting != nil && (r.waiting != nil) != *p.Waiting) || (p.Snoozed != nil && (r.status == "snoozed") != *p.Snoozed) ||
			(p.Sort == SortWaitingSince && r.waiting == nil) {
			continue
		}
		if (!p.CreatedAfter.IsZero() && !r.created.After(p.CreatedAfter)) || (!p.CreatedBefore.IsZero() && !r.created.Before(p.CreatedBefore)) ||
			(!p.UpdatedAfter.IsZero() && !r.activity.After(p.UpdatedAfter)) || (!p.UpdatedBefore.IsZero() && !r.activity.Before(p.UpdatedBefore)) {
			continue
		}
		kept = append(kept, r)
	}
	slices.SortFunc(kept, func(a, b row) int {
		switch p.Sort {
		case SortCreated:
			return cmp.Or(b.created.Compare(a.created), cmp.Compare(b.id, a.id))
		case SortWaitingSince:
			return cmp.Or(a.waiting.Compare(*b.waiting), cmp.Compare(a.id, b.id))
		case SortPriority:
			return cmp.Or(cmp.Compare(b.priority, a.priority), b.activity.Compare(a.activity), cmp.Compare(b.id, a.id))
		}
		return cmp.Or(b.activity.Compare(a.activity), cmp.Compare(b.id, a.id))
	})
	ids := make([]string, len(kept))
	for i, r := range kept {
		ids[i] = r.id
	}
	return ids
}

// Every filter and sort returns exactly the expected rows, in order, across
// keyset pages with no duplicate or gap, also where many rows share the
// sort's timestamp.
func TestListFiltersAndSortsAcrossPages(t *testing.T) {
	f := newFixture(t, 400)
	ctx := context.Background()
	// Create ties: many rows share a timestamp, so only the id orders them.
	if _, err := f.pool.Exec(ctx, `UPDATE inbox.conversations SET last_activity_at = date_trunc('minute', last_activity_at),
created_at = date_trunc('minute', created_at), waiting_since = date_trunc('minute', waiting_since)`); err != nil {
		t.Fatal(err)
	}
	// conversation_tags keeps a copy of the sort key (the projector writes both).
	if _, err := f.pool.Exec(ctx, `UPDATE inbox.conversation_tags t SET last_activity_at = c.last_activity_at
FROM inbox.conversations c WHERE c.id = t.conversation_id`); err != nil {
		t.Fatal(err)
	}
	rows := allRows(t, f, viewer)
	byCreated := slices.SortedFunc(slices.Values(rows), func(a, b row) int { return a.created.Compare(b.created) })
	mid := byCreated[len(rows)/2].created.Format(time.RFC3339)
	contact := rows[3].contact
	queries := []string{
		"", "status=open", "status=closed&sort=created", "status=pending", "assignee=me", "assignee=unassigned",
		"assignee=assigned&status=open", "assignee=a1-agent-5", "team=a1-support", "inbox=a1-whatsapp", "channel=email",
		"tag=vip,bug", "tag=vip&tag=BUG&tag_match=all", "tag=vip&tag=bug&tag=refund&tag_match=all", "tag=refund", "tag=vip&status=open", "tag=bug&assignee=unassigned", "tag=refund&sort=priority", "priority=high", "sort=priority",
		"priority=none&sort=created", "unread=true", "unread=false&status=open", "waiting=true", "sort=waiting_since",
		"sort=waiting_since&status=open", "snoozed=true", "snoozed=false&sort=created", "created_after=" + mid,
		"created_before=" + mid + "&sort=created", "updated_after=" + mid + "&sort=priority", "updated_before=" + mid,
		"contact=" + contact, "status=open&assignee=unassigned&sort=priority&tag=vip,refund,lead",
	}
	for _, q := range queries {
		v, _ := url.ParseQuery(q)
		p, err := ParseListParams(v)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		want := expect(rows, viewer, p)
		t.Logf("%q: %d rows", q, len(want))
		for _, limit := range []int{7, 100} {
			p.Limit = limit
			got := listAll(t, f, viewer, p)
			if !slices.Equal(got, want) {
				t.Errorf("%q limit %d: got %d rows %v\nwant %d rows %v", q, limit, len(got), head(got), len(want), head(want))
			}
		}
	}
}

func listAll(t *testing.T, f *fixture, v Viewer, p ListParams) []string {
	t.Helper()
	var ids []string
	for pages := 0; ; pages++ {
		page, err := f.svc.ListConversations(context.Background(), v, p)
		if err != nil {
			t.Fatalf("page %d: %v", pages, err)
		}
		if len(page.Data) > p.Limit || (page.Meta.NextCursor != "" && len(page.Data) != p.Limit) {
			t.Fatalf("page %d has %d rows with limit %d", pages, len(page.Data), p.Limit)
		}
		for _, c := range page.Data {
			ids = append(ids, c.ID)
		}
		if page.Meta.NextCursor == "" {
			return ids
		}
		if pages > 1000 {
			t.Fatal("endless paging")
		}
		p.Cursor = page.Meta.NextCursor
	}
}

func head(ids []string) []string { return ids[:min(len(ids), 12)] }
