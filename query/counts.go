package query

import (
	"context"
	"fmt"
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

// tabCounts reads at most a few dozen rows by primary key prefix.
func (s *Service) tabCounts(ctx context.Context, v Viewer, p ListParams) (TabCounts, error) {
	var t TabCounts
	dims := []string{"all", "unassigned", "assigned", "assignee"}
	keys := []string{"", "", "", v.AgentID}
	if p.Inbox != "" {
		t.Inbox = &StatusCounts{}
		dims, keys = append(dims, "inbox"), append(keys, p.Inbox)
	}
	if p.Team != "" {
		t.Team = &StatusCounts{}
		dims, keys = append(dims, "team"), append(keys, p.Team)
	}
	if len(p.Tags) == 1 {
		t.Tag = &StatusCounts{}
		dims, keys = append(dims, "tag"), append(keys, p.Tags[0])
	}
	rows, err := s.pool.Query(ctx, s.sql(`SELECT n.dimension, n.status, n.n
FROM unnest($2::text[], $3::text[]) AS k(dimension, key)
JOIN {s}.counts n ON n.account_id = $1 AND n.dimension = k.dimension AND n.key = k.key`), v.AccountID, dims, keys)
	if err != nil {
		return t, fmt.Errorf("query: tab counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var dim, status string
		var n int64
		if err := rows.Scan(&dim, &status, &n); err != nil {
			return t, fmt.Errorf("query: tab counts: %w", err)
		}
		switch dim {
		case "all":
			t.All.add(status, n)
		case "unassigned":
			t.Unassigned.add(status, n)
		case "assigned":
			t.Assigned.add(status, n)
		case "assignee":
			t.Mine.add(status, n)
		case "inbox":
			t.Inbox.add(status, n)
		case "team":
			t.Team.add(status, n)
		case "tag":
			t.Tag.add(status, n)
		}
	}
	if err := rows.Err(); err != nil {
		return t, fmt.Errorf("query: tab counts: %w", err)
	}
	return t, nil
}
