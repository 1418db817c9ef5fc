package assigner

import (
	"context"
	"slices"
	"time"
)

// Directory answers who works where. It is this package's port onto the
// accounts' directory read model: DirectoryTables reads its tables
// (projections/directory); StaticDirectory is a fixed configuration for
// tests and small deployments.
type Directory interface {
	// InboxAgents lists the active agents who work inbox, directly or
	// through one of its teams.
	InboxAgents(ctx context.Context, accountID, inboxID string) ([]string, error)
	// Teams maps each active team of the account to its members.
	Teams(ctx context.Context, accountID string) (map[string][]string, error)
}

// Presence says whether an agent takes new conversations now (online, not
// away), and since when they have been offline (zero while online or
// away); presence.Store implements it.
type Presence interface {
	Availability(accountID, agentID string) (available bool, offlineSince time.Time)
}

// StaticDirectory is a Directory over fixed lists: per account, the agents
// of each inbox, agents who work every inbox, and the members of each team.
type StaticDirectory struct {
	Inboxes    map[string]map[string][]string // account -> inbox -> agents
	Everywhere map[string][]string            // account -> agents of every inbox
	Members    map[string]map[string][]string // account -> team -> members
}

// InboxAgents implements Directory.
func (d StaticDirectory) InboxAgents(_ context.Context, accountID, inboxID string) ([]string, error) {
	return append(slices.Clone(d.Inboxes[accountID][inboxID]), d.Everywhere[accountID]...), nil
}

// Union is a Directory answering with the union of several (e.g. the
// accounts' directory tables and the agents of configured API keys).
type Union []Directory

// InboxAgents implements Directory.
func (u Union) InboxAgents(ctx context.Context, accountID, inboxID string) ([]string, error) {
	var out []string
	for _, d := range u {
		ids, err := d.InboxAgents(ctx, accountID, inboxID)
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// Teams implements Directory.
func (u Union) Teams(ctx context.Context, accountID string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, d := range u {
		teams, err := d.Teams(ctx, accountID)
		if err != nil {
			return nil, err
		}
		for id, members := range teams {
			out[id] = append(out[id], members...)
		}
	}
	return out, nil
}

// Teams implements Directory.
func (d StaticDirectory) Teams(_ context.Context, accountID string) (map[string][]string, error) {
	out := make(map[string][]string, len(d.Members[accountID]))
	for team, members := range d.Members[accountID] {
		out[team] = slices.Clone(members)
	}
	return out, nil
}

// EveryoneOnline is a Presence that reports every agent available, for
// deployments without presence.
type EveryoneOnline struct{}

// Availability implements Presence.
func (EveryoneOnline) Availability(string, string) (bool, time.Time) { return true, time.Time{} }
