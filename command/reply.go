package command

import (
	"context"
	"fmt"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
)

// FreshViews is the optional per-account rule "a reply sent by an agent
// whose view is older than the conversation's latest customer message is
// refused". The assignment configuration says which accounts ask for it;
// presence knows what each agent has seen.
type FreshViews interface {
	// RequireFreshView reports whether the account turned the rule on.
	RequireFreshView(ctx context.Context, accountID string) (bool, error)
	// CheckFreshView returns a conflict unless agentID has seen the
	// conversation's customer message received at latestInbound.
	CheckFreshView(accountID, conversationID, agentID string, latestInbound time.Time) error
}

// RequireFreshViews makes agents' replies (SendMessage) pass v's check in
// the accounts that turned the rule on. Call it before serving.
func (h *Handlers) RequireFreshViews(v FreshViews) { h.freshViews = v }

// guardReply returns the conversation aggregate a command runs on: for an
// agent's reply in an account with the fresh-view rule, one whose decision
// also checks the agent's view against the latest customer message of the
// very state the reply is decided on (so a message appended meanwhile makes
// the append conflict, and the re-decision refuses the reply).
func (h *Handlers) guardReply(ctx context.Context, id string, c conversation.Command, meta Meta) (Aggregate[conversation.State, conversation.Command], error) {
	agg := h.conversations
	if _, reply := c.(conversation.SendMessage); !reply || h.freshViews == nil || meta.Actor.Kind != domain.ActorAgent {
		return agg, nil
	}
	on, err := h.freshViews.RequireFreshView(ctx, meta.AccountID)
	if err != nil {
		return agg, fmt.Errorf("command: fresh-view setting: %w", err)
	}
	if !on {
		return agg, nil
	}
	decide := agg.Decide
	agg.Decide = func(s conversation.State, c conversation.Command, by domain.Actor, now time.Time) ([]domain.Event, error) {
		events, err := decide(s, c, by, now)
		if err != nil || len(events) == 0 {
			return events, err
		}
		if err := h.freshViews.CheckFreshView(meta.AccountID, id, by.ID, s.LastInboundAt); err != nil {
			return nil, err
		}
		return events, nil
	}
	return agg, nil
}
