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

// ConversationVisibility returns nil when p may see conversation id of its
// account — the check of GET /conversations/{id}, against the inbox view —
// and that route's not-found error otherwise. Principals who see every
// conversation of their account skip the lookup: the caller still reads
// within the account only, and tells a missing conversation itself.
func ConversationVisibility(q *query.Service) func(ctx context.Context, p Principal, id string) error {
	return func(ctx context.Context, p Principal, id string) error {
		if p.Subject().SeesWholeAccount() {
			return nil
		}
		return q.Visible(ctx, AccessViewer(p), id)
	}
}

// StreamVisibility is a StreamConfig.Visible that delivers a conversation's
// changes only to principals who may see that conversation
// (ConversationVisibility).
func StreamVisibility(q *query.Service) func(context.Context, Principal, live.Change) bool {
	visible := ConversationVisibility(q)
	return func(ctx context.Context, p Principal, ch live.Change) bool {
		return ch.ConversationID == "" || visible(ctx, p, ch.ConversationID) == nil
	}
}
