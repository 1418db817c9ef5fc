package api

import (
	"context"
)

// AgentRef is an agent as the other agents of the account see it: what a
// note's @mention picker needs, nothing personal.
type AgentRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// AgentLister lists the active agents of an account (the ids a note may
// mention).
type AgentLister interface {
	Agents(ctx context.Context, accountID string) ([]AgentRef, error)
}

// RegisterAgentRoutes mounts GET /agents on the command API: the active
// agents of the caller's account, for any authenticated caller.
func RegisterAgentRoutes(s *CommandAPI, agents AgentLister) {
	s.group.GET("/agents", catalogList("agents.list", func(ctx context.Context, p Principal) (any, error) {
		return agents.Agents(ctx, p.AccountID)
	}))
}
