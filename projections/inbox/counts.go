package inbox

import (
	"cmp"
	"slices"
)

// countKey is one row of the counts table.
type countKey struct {
	Account, Dimension, Key, Status string
}

// Count dimensions.
const (
	DimAll        = "all"
	DimAssigned   = "assigned"
	DimUnassigned = "unassigned"
	DimAssignee   = "assignee"
	DimInbox      = "inbox"
	DimTeam       = "team"
	DimTag        = "tag"
	// Per inbox, for agents limited to some inboxes (their tab counts are
	// sums over their inboxes): unassigned and assigned keyed by the inbox,
	// an assignee's keyed by InboxAssigneeKey.
	DimInboxUnassigned = "inbox_unassigned"
	DimInboxAssigned   = "inbox_assigned"
	DimInboxAssignee   = "inbox_assignee"
)

// InboxAssigneeKey is the key of DimInboxAssignee: the inbox and the agent,
// joined by a unit separator (which no id contains).
func InboxAssigneeKey(inboxID, agentID string) string { return inboxID + "\x1f" + agentID }

// countKeys lists the counts a row contributes 1 to.
func countKeys(r convRow) []countKey {
	k := func(dim, key string) countKey {
		return countKey{Account: r.AccountID, Dimension: dim, Key: key, Status: r.Status}
	}
	out := []countKey{k(DimAll, ""), k(DimInbox, r.InboxID)}
	if r.AssigneeID == "" {
		out = append(out, k(DimUnassigned, ""), k(DimInboxUnassigned, r.InboxID))
	} else {
		out = append(out, k(DimAssigned, ""), k(DimAssignee, r.AssigneeID),
			k(DimInboxAssigned, r.InboxID), k(DimInboxAssignee, InboxAssigneeKey(r.InboxID, r.AssigneeID)))
	}
	if r.TeamID != "" {
		out = append(out, k(DimTeam, r.TeamID))
	}
	for _, t := range tagKeys(r.Tags) {
		out = append(out, k(DimTag, t))
	}
	return out
}

// countDeltas accumulates the change of the counts as rows change.
type countDeltas map[countKey]int64

// move records that a row went from before (stored, if had) to after.
func (d countDeltas) move(before convRow, had bool, after convRow) {
	if had {
		for _, k := range countKeys(before) {
			d[k]--
		}
	}
	for _, k := range countKeys(after) {
		d[k]++
	}
}

// nonZero returns the non-zero deltas in a stable order, so concurrent
// writers lock count rows in the same order.
func (d countDeltas) nonZero() ([]countKey, []int64) {
	keys := make([]countKey, 0, len(d))
	for k, n := range d {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b countKey) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Dimension, b.Dimension),
			cmp.Compare(a.Key, b.Key), cmp.Compare(a.Status, b.Status))
	})
	ns := make([]int64, len(keys))
	for i, k := range keys {
		ns[i] = d[k]
	}
	return keys, ns
}
