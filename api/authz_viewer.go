package api

import (
	"context"

	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/projections/live"
	"github.com/parley-inbox/parley/query"
)

// AccessViewer is a QueryRoutesConfig.Viewer that follows the principal's
// permissions: raw phone numbers and e-mails with contacts.view_pii; those
// of private contacts only for who also manages others' conversations
// (supervisors and administrators by default).
// It also carries the principal's subject, so lists and reads are limited
// to the inboxes and conversation scope the principal may see.
func AccessViewer(p Principal) query.Viewer {
	v := DefaultViewer(p)
	s := p.Subject()
	v.SeePII = s.Can(authz.ViewPII)
	v.SeePrivate = v.SeePII && s.Can(authz.ManageOthers)
	v.Subject = &s
	return v
}

// StreamVisibility is a StreamConfig.Visible that delivers a conversation's
// changes only to principals who may see that conversation (the same check
// as GET /conversations/{id}); principals who see every conversation of
// their account skip the lookup.
func StreamVisibility(q *query.Service) func(context.Context, Principal, live.Change) bool {
	return func(ctx context.Context, p Principal, ch live.Change) bool {
		s := p.Subject()
		if ch.ConversationID == "" || (s.Can(authz.AllInboxes) && s.Access.Scope == authz.ScopeAll) {
			return true
		}
		_, err := q.GetConversation(ctx, AccessViewer(p), ch.ConversationID)
		return err == nil
	}
}
