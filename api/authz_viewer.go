package api

import (
	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/query"
)

// AccessViewer is a QueryRoutesConfig.Viewer that follows the principal's
// permissions: raw phone numbers and e-mails with contacts.view_pii; those
// of private contacts only for who also manages others' conversations
// (supervisors and administrators by default).
//
// Inbox and scope restrictions are not in query.Viewer yet: the query
// service should carry p.Subject() and AND authz.SQLFilter into its list
// and search statements (and check authz.CanSeeConversation on reads).
func AccessViewer(p Principal) query.Viewer {
	v := DefaultViewer(p)
	s := p.Subject()
	v.SeePII = s.Can(authz.ViewPII)
	v.SeePrivate = v.SeePII && s.Can(authz.ManageOthers)
	return v
}
