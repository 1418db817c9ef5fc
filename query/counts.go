package query

import (
	"context"
	"fmt"

	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/projections/inbox"
)

// StatusCounts counts conversations per status.
type StatusCounts struct {
	Open    int64 `json:"open"`
	Pending int64 `json:"pending"`
	Snoozed int64 `json:"snoozed"`
	Closed  int64 `json:"closed"`
}

func (c *StatusCounts) add(status string, n int64) {
	switch status {
	case "open":
		c.Open += n
	case "pending":
		c.Pending += n
	case "snoozed":
		c.Snoozed += n
	case "closed":
		c.Closed += n
	}
}

// TabCounts are the inbox tabs' counts per status, read from the counts the
// projector keeps (never counted per request). Inbox, Team and Tag are set
// when the list filters on one inbox, team or a single tag.
type TabCounts struct {
	All        StatusCounts  `json:"all"`
	Mine       StatusCounts  `json:"mine"`
	Unassigned StatusCounts  `json:"unassigned"`
	Assigned   StatusCounts  `json:"assigned"`
	Inbox      *StatusCounts `json:"inbox,omitempty"`
	Team       *StatusCounts `json:"team,omitempty"`
	Tag        *StatusCounts `json:"tag,omitempty"`
}

// tabCounts reads at most a few dozen rows by primary key prefix. An agent
// limited to some inboxes or conversations gets the tabs counted within
// that limit (scopedTabCounts), never the account's.
func (s *Service) tabCounts(ctx context.Context, v Viewer, p ListParams) (TabCounts, error) {
	if v.Subject != nil && !v.Subject.SeesWholeAccount() {
		return s.scopedTabCounts(ctx, v, p)
	}
	var t TabCounts
	q := countQuery{}
	q.add(inbox.DimAll, "", &t.All)
	q.add(inbox.DimUnassigned, "", &t.Unassigned)
	q.add(inbox.DimAssigned, "", &t.Assigned)
	q.add(inbox.DimAssignee, v.AgentID, &t.Mine)
	if p.Inbox != "" {
		t.Inbox = &StatusCounts{}
		q.add(inbox.DimInbox, p.Inbox, t.Inbox)
	}
	if p.Team != "" {
		t.Team = &StatusCounts{}
		q.add(inbox.DimTeam, p.Team, t.Team)
	}
	if len(p.Tags) == 1 {
		t.Tag = &StatusCounts{}
		q.add(inbox.DimTag, p.Tags[0], t.Tag)
	}
	return t, s.readCounts(ctx, v.AccountID, q)
}

// scopedTabCounts sums the per-inbox counts over the inboxes the subject may
// see, then keeps what its scope shows: unassigned and its own
// (unassigned_and_own), its own only (participating). Team and tag counts
// are not kept per inbox, so they are left out rather than shown account-wide.
func (s *Service) scopedTabCounts(ctx context.Context, v Viewer, p ListParams) (TabCounts, error) {
	sub := *v.Subject
	var all, unassigned, assigned, mine StatusCounts
	q := countQuery{}
	if sub.Can(authz.AllInboxes) {
		q.add(inbox.DimAll, "", &all)
		q.add(inbox.DimUnassigned, "", &unassigned)
		q.add(inbox.DimAssigned, "", &assigned)
		q.add(inbox.DimAssignee, v.AgentID, &mine)
	} else {
		for _, id := range sub.Access.Inboxes {
			q.add(inbox.DimInbox, id, &all)
			q.add(inbox.DimInboxUnassigned, id, &unassigned)
			q.add(inbox.DimInboxAssigned, id, &assigned)
			q.add(inbox.DimInboxAssignee, inbox.InboxAssigneeKey(id, v.AgentID), &mine)
		}
	}
	var inUnassigned, inAll, inMine StatusCounts
	if p.Inbox != "" && sub.InInbox(p.Inbox) {
		q.add(inbox.DimInbox, p.Inbox, &inAll)
		q.add(inbox.DimInboxUnassigned, p.Inbox, &inUnassigned)
		q.add(inbox.DimInboxAssignee, inbox.InboxAssigneeKey(p.Inbox, v.AgentID), &inMine)
	}
	if err := s.readCounts(ctx, v.AccountID, q); err != nil {
		return TabCounts{}, err
	}
	t := TabCounts{Mine: mine}
	switch sub.Access.Scope {
	case authz.ScopeAll:
		t.All, t.Unassigned, t.Assigned = all, unassigned, assigned
	case authz.ScopeUnassignedAndOwn:
		t.All, t.Unassigned, t.Assigned = unassigned.plus(mine), unassigned, mine
		inAll = inUnassigned.plus(inMine)
	default: // participating: their own (conversations they only took part in are not counted)
		t.All, t.Assigned = mine, mine
		inAll = inMine
	}
	if p.Inbox != "" {
		t.Inbox = &inAll
	}
	return t, nil
}

func (c StatusCounts) plus(o StatusCounts) StatusCounts {
	return StatusCounts{Open: c.Open + o.Open, Pending: c.Pending + o.Pending, Snoozed: c.Snoozed + o.Snoozed, Closed: c.Closed + o.Closed}
}

// countQuery is a list of count rows to read and where each one adds to
// (one row may add to several totals).
type countQuery struct {
	dims, keys []string
	into       []*StatusCounts
}

func (q *countQuery) add(dim, key string, into *StatusCounts) {
	q.dims, q.keys, q.into = append(q.dims, dim), append(q.keys, key), append(q.into, into)
}

// readCounts reads q's rows in one statement and adds them up.
func (s *Service) readCounts(ctx context.Context, accountID string, q countQuery) error {
	rows, err := s.pool.Query(ctx, s.sql(`SELECT k.i, n.status, n.n
FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS k(dimension, key, i)
JOIN {s}.counts n ON n.account_id = $1 AND n.dimension = k.dimension AND n.key = k.key`), accountID, q.dims, q.keys)
	if err != nil {
		return fmt.Errorf("query: tab counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i, n int64
		var status string
		if err := rows.Scan(&i, &status, &n); err != nil {
			return fmt.Errorf("query: tab counts: %w", err)
		}
		q.into[i-1].add(status, n)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query: tab counts: %w", err)
	}
	return nil
}
