package query

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parley-inbox/parley/internal/authz"
)

// listSQL is the statement of one list page and its arguments.
//
// Every list index leads with (account_id, status, ...sort key), so a page
// of one status is one ordered index range scan. A page over several
// statuses is the union of one such scan per status, each limited to the
// page size, merged and cut: a few dozen rows read instead of every
// matching row sorted.
func listSQL(v Viewer, p ListParams, after *cursor) (string, []any) {
	q := &sqlBuilder{args: []any{v.AccountID, v.AgentID}}
	q.where("c.account_id = $1")
	sts := p.statuses()
	byTag := p.tagDriven() && len(sts) > 0 // no status, no scan: the tag is an ordinary condition
	scope := "true"                        // what restricts a tag scan besides the account and its tags
	if v.Subject != nil && !unrestricted(*v.Subject, v.AccountID) {
		// A tag scan filters the viewer's scope on the tag rows, which carry
		// the conversation's inbox and assignee: it skips what the viewer
		// may not see without reading those conversations.
		cols := authz.Columns{AccountID: "c.account_id", InboxID: "c.inbox_id", AssigneeID: "c.assignee_id"}
		if byTag {
			cols = authz.Columns{AccountID: "t.account_id", InboxID: "t.inbox_id", AssigneeID: "t.assignee_id"}
		}
		scope = authz.SQLFilter(*v.Subject, cols, q.arg)
		q.where(scope)
	}
	oneTagDrives := byTag && (len(p.Tags) == 1 || p.TagMatch == "all") // no row can come twice
	scopeOnly := len(q.conds)
	p.filter(q, v, byTag)
	limit := " LIMIT " + strconv.Itoa(p.Limit+1)
	if oneTagDrives && len(q.conds) == scopeOnly {
		// Nothing but the account, the viewer's scope and the tags
		// restricts the rows: the page is picked from the tag table alone
		// (index-only scans), and only the page's rows are read, not a
		// page per status.
		keys := merged(tagBranches(q, p, sts, scope, after, limit, "{s}.conversation_tags t", "t.last_activity_at, t.conversation_id AS id"), byActivity, limit)
		return "SELECT " + conversationColumns + " FROM (" + keys + ") k JOIN " + conversationFrom + " ON c.id = k.id ORDER BY " + byActivity, q.args
	}
	order := keyset(q, p.Sort, after)
	where := strings.Join(q.conds, " AND ")
	switch {
	case len(sts) == 0:
		where += " AND false"
	case oneTagDrives: // whole rows are merged
		return merged(tagBranches(q, p, sts, where, after, limit, tagFrom, conversationColumns), order, limit), q.args
	case byTag: // any of several tags: a row may match twice; IN keeps one
		where = "c.id IN (" + strings.Join(tagBranches(q, p, sts, where, after, limit, tagFrom, "t.conversation_id"), " UNION ALL ") + ")"
	case len(sts) == 1:
		where += " AND c.status = '" + sts[0] + "'"
	default:
		branches := make([]string, len(sts))
		for i, st := range sts {
			branches[i] = "(SELECT " + conversationColumns + " FROM " + conversationFrom + " WHERE " + where + " AND c.status = '" + st + "' ORDER BY " + order + limit + ")"
		}
		return merged(branches, order, limit), q.args
	}
	return "SELECT " + conversationColumns + " FROM " + conversationFrom + " WHERE " + where + " ORDER BY " + order + limit, q.args
}

// unrestricted reports whether s sees every conversation of account: its
// filter would only repeat "c.account_id = $1".
func unrestricted(s authz.Subject, account string) bool {
	return s.AccountID == account && s.SeesWholeAccount()
}

// merged is the page made of branches, each one already a page of whole
// rows in the sort's order: the planner merges them (Merge Append, or a sort
// of a few hundred rows) and stops at the page size.
func merged(branches []string, order, limit string) string {
	return "SELECT * FROM (" + strings.Join(branches, " UNION ALL ") + ") c ORDER BY " + order + limit
}

// tagDriven reports whether the list reads conversation_tags: a tag filter
// with the default sort, the only order that table keeps.
func (p ListParams) tagDriven() bool {
	return len(p.Tags) > 0 && (p.Sort == "" || p.Sort == SortLastActivity)
}

// tagBranches is one ordered scan of conversation_tags per status and tag
// (tag=a,b matches any: their union; tag_match=all: the first tag's scan
// filtered on the conversation's tags the index carries), each limited to
// the page size; each selects cols from from (the tag table t, joined to
// the conversations c when where or cols need them).
func tagBranches(q *sqlBuilder, p ListParams, sts []string, where string, after *cursor, limit, from, cols string) []string {
	tags := p.Tags
	if p.TagMatch == "all" {
		where += " AND t.tag_keys @> " + q.arg(tags[1:]) + "::text[]"
		tags = tags[:1]
	}
	if after != nil {
		where += " AND (t.last_activity_at, t.conversation_id) < (" + q.arg(time.UnixMicro(after.Time).UTC()) + ", " + q.arg(after.ID) + ")"
	}
	var out []string
	for _, tag := range tags {
		k := q.arg(tag)
		for _, st := range sts {
			out = append(out, "(SELECT "+cols+" FROM "+from+" WHERE "+where+" AND t.account_id = $1 AND t.tag_key = "+k+
				" AND t.status = '"+st+"' ORDER BY t.last_activity_at DESC, t.conversation_id DESC"+limit+")")
		}
	}
	return out
}

// tagFrom joins a conversation's tag rows to its row.
const tagFrom = `{s}.conversation_tags t JOIN {s}.conversations c ON c.id = t.conversation_id`

// statuses are the statuses a list covers (constants, safe to splice).
func (p ListParams) statuses() []string {
	sts := slices.Clone(statuses)
	if p.Status != "" {
		sts = []string{p.Status}
	}
	if p.Snoozed != nil {
		sts = slices.DeleteFunc(sts, func(s string) bool { return (s == "snoozed") != *p.Snoozed })
	}
	if (p.Waiting != nil && *p.Waiting) || p.Sort == SortWaitingSince {
		// Closing ends the wait (the projector clears waiting_since), so no
		// closed conversation is waiting: skip scanning them.
		sts = slices.DeleteFunc(sts, func(s string) bool { return s == "closed" })
	}
	return sts
}

// sqlBuilder collects conditions and their arguments.
type sqlBuilder struct {
	conds []string
	args  []any
}

// arg adds an argument and returns its placeholder.
func (q *sqlBuilder) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

func (q *sqlBuilder) where(cond string) { q.conds = append(q.conds, cond) }

// filter adds p's conditions. $2 is the viewer's agent id. byTag leaves the
// tag filter to tagBranches.
func (p ListParams) filter(q *sqlBuilder, v Viewer, byTag bool) {
	eq := func(col, val string) {
		if val != "" {
			q.where(col + " = " + q.arg(val))
		}
	}
	eq("c.team_id", p.Team)
	eq("c.inbox_id", p.Inbox)
	eq("c.channel", p.Channel)
	eq("c.contact_id", p.Contact)
	switch p.Assignee {
	case "":
	case "me":
		q.where("c.assignee_id = $2")
	case "unassigned":
		q.where("c.assignee_id = ''")
	case "assigned":
		q.where("c.assignee_id <> ''")
	default:
		eq("c.assignee_id", p.Assignee)
	}
	if len(p.Tags) > 0 && !byTag {
		op := "&&"
		if p.TagMatch == "all" {
			op = "@>"
		}
		q.where("c.tag_keys " + op + " " + q.arg(p.Tags) + "::text[]")
	}
	if p.Priority != nil {
		q.where("c.priority = " + q.arg(*p.Priority))
	}
	cond := func(b *bool, yes, no string) {
		if b != nil && *b {
			q.where(yes)
		} else if b != nil {
			q.where(no)
		}
	}
	cond(p.Unread, "c.inbound_count > "+readInbound, "c.inbound_count <= "+readInbound)
	cond(p.Waiting, "c.waiting_since IS NOT NULL", "c.waiting_since IS NULL")
	timeRange := func(col string, after, before time.Time) {
		if !after.IsZero() {
			q.where(col + " > " + q.arg(after))
		}
		if !before.IsZero() {
			q.where(col + " < " + q.arg(before))
		}
	}
	timeRange("c.created_at", p.CreatedAfter, p.CreatedBefore)
	timeRange("c.last_activity_at", p.UpdatedAfter, p.UpdatedBefore)
}

// keyset adds the "after the cursor" condition of sort and returns the
// ORDER BY; the order always ends with the id, so it is total.
func keyset(q *sqlBuilder, sort string, after *cursor) string {
	var t time.Time
	if after != nil {
		t = time.UnixMicro(after.Time).UTC()
	}
	switch sort {
	case SortCreated:
		if after != nil {
			q.where("(c.created_at, c.id) < (" + q.arg(t) + ", " + q.arg(after.ID) + ")")
		}
		return "c.created_at DESC, c.id DESC"
	case SortWaitingSince:
		q.where("c.waiting_since IS NOT NULL")
		if after != nil {
			q.where("(c.waiting_since, c.id) > (" + q.arg(t) + ", " + q.arg(after.ID) + ")")
		}
		return "c.waiting_since, c.id"
	case SortPriority:
		if after != nil {
			q.where("(c.priority, c.last_activity_at, c.id) < (" + q.arg(after.Priority) + ", " + q.arg(t) + ", " + q.arg(after.ID) + ")")
		}
		return "c.priority DESC, c.last_activity_at DESC, c.id DESC"
	}
	if after != nil {
		q.where("(c.last_activity_at, c.id) < (" + q.arg(t) + ", " + q.arg(after.ID) + ")")
	}
	return byActivity
}

// byActivity is the default order: the latest activity first.
const byActivity = "c.last_activity_at DESC, c.id DESC"
