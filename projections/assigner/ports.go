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

// Presence says whether an agent is online now, and since when they have
// been in that state; presence.Store implements it.
type Presence interface {
	Online(accountID, agentID string) (online bool, since time.Time)
}

// StaticDirectory is a Directory over fixed lists: per account, the agents
// of each inbox and the members of each team.
type StaticDirectory struct {
	Inboxes map[string]map[string][]string // account -> inbox -> agents
	Members map[string]map[string][]string // account -> team -> members
}

// InboxAgents implements Directory.
func (d StaticDirectory) InboxAgents(_ context.Context, accountID, inboxID string) ([]string, error) {
	return slices.Clone(d.Inboxes[accountID][inboxID]), nil
}

// Teams implements Directory.
func (d StaticDirectory) Teams(_ context.Context, accountID string) (map[string][]string, error) {
	out := make(map[string][]string, len(d.Members[accountID]))
	for team, members := range d.Members[accountID] {
		out[team] = slices.Clone(members)
	}
	return out, nil
}

// EveryoneOnline is a Presence that reports every agent online since the
// zero time, for deployments without presence and for tests.
type EveryoneOnline struct{}

// Online implements Presence.
func (EveryoneOnline) Online(string, string) (bool, time.Time) { return true, time.Time{} }
