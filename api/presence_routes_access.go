package api

import (
	"context"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/presence"
)

// signalActor is who a signal is about: the agent themselves, or the
// customer an API client reports on.
func signalActor(p Principal, body signalBody, kind presence.Kind) (domain.Actor, error) {
	switch {
	case p.Actor.Kind == domain.ActorAgent && body.ContactID == "":
		return p.Actor, nil
	case p.Actor.Kind == domain.ActorAPIClient && body.ContactID != "" && kind != presence.Viewing:
		if err := domain.CheckID("contact_id", body.ContactID); err != nil {
			return domain.Actor{}, err
		}
		return domain.Actor{Kind: domain.ActorContact, ID: body.ContactID}, nil
	}
	return domain.Actor{}, domain.Forbidden("forbidden", "agents signal as themselves; API clients may report a customer's typing or recording with contact_id")
}

// visible answers 404 unless the conversation exists in the caller's
// account and the caller may see it.
func (h *presenceRoutes) visible(ctx context.Context, p Principal, id string) error {
	st, ok, err := h.cfg.Conversations.ConversationState(ctx, p.AccountID, id)
	if err != nil {
		return err
	}
	sub := p.Subject()
	if !ok || !authz.CanSeeConversation(sub, authz.ConversationMeta{AccountID: p.AccountID, InboxID: st.InboxID,
		AssigneeID: st.AssigneeID, TeamID: st.TeamID}) {
		return domain.NotFound("not_found", "no such conversation")
	}
	return nil
}

// hidden reports whether p's presence is hidden now.
func (h *presenceRoutes) hidden(p Principal) bool {
	for _, a := range h.cfg.Store.Agents(p.AccountID) {
		if a.AgentID == p.Actor.ID {
			return a.Hidden
		}
	}
	return false
}

// seesAgent: hidden agents are shown only to themselves.
func seesAgent(p Principal, a presence.Agent) bool {
	return a.AccountID == p.AccountID && (!a.Hidden || isSelf(p, a.AgentID))
}

// seesSignal: viewers need presence.see_viewers; hidden agents' signals
// are shown only to themselves.
func seesSignal(p Principal, s presence.Signal) bool {
	self := s.Who == p.Actor
	if s.AccountID != p.AccountID || (s.Hidden && !self) {
		return false
	}
	return s.Kind != presence.Viewing || p.Subject().Can(authz.SeeViewers) || self
}

func isSelf(p Principal, agentID string) bool {
	return p.Actor.Kind == domain.ActorAgent && p.Actor.ID == agentID
}
