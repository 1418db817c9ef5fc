package authz

import (
	"fmt"
	"sort"
)

// Permission is one thing a role may allow. Its string form is stored in
// custom roles' events and shown by the admin API.
type Permission uint32

// The permissions. Conversation visibility is not a permission but the
// role's Scope (plus AllInboxes).
const (
	// ManageOthers: act on conversations assigned to other agents (reassign,
	// close, reply, tag...).
	ManageOthers Permission = 1 << iota
	// ViewPII: see contacts' phone numbers and e-mail addresses unmasked.
	ViewPII
	// ViewBeforeAccept: see a conversation's contact (name, photo) before
	// accepting it; without it "delayed identification" applies.
	ViewBeforeAccept
	// SeeViewers: see who else is viewing a conversation.
	SeeViewers
	// HidePresence: stay invisible in presence and viewer lists.
	HidePresence
	// ViewReports: read reports and metrics.
	ViewReports
	// ViewAudit: read the audit history and time-travel views.
	ViewAudit
	// AllInboxes: see every inbox of the account, not only those the subject
	// is a member of (directly or through a team).
	AllInboxes
	// Admin: administer users, teams, inboxes, roles, tokens and settings.
	Admin
)

type namedPermission struct {
	p    Permission
	name string
}

// permissionNames is the table of permission names (a function, so that it
// cannot be changed).
func permissionNames() []namedPermission {
	return []namedPermission{
		{ManageOthers, "conversations.manage_others"},
		{ViewPII, "contacts.view_pii"},
		{ViewBeforeAccept, "contacts.view_before_accept"},
		{SeeViewers, "presence.see_viewers"},
		{HidePresence, "presence.hide"},
		{ViewReports, "reports.view"},
		{ViewAudit, "audit.view"},
		{AllInboxes, "inboxes.all"},
		{Admin, "admin"},
	}
}

// PermissionNames lists every permission's name, sorted.
func PermissionNames() []string {
	out := make([]string, 0, 9)
	for _, n := range permissionNames() {
		out = append(out, n.name)
	}
	sort.Strings(out)
	return out
}

// Set is a set of permissions.
type Set uint32

// Has reports whether every permission of p is in s.
func (s Set) Has(p Permission) bool { return uint32(s)&uint32(p) == uint32(p) }

// With returns s plus ps.
func (s Set) With(ps ...Permission) Set {
	for _, p := range ps {
		s |= Set(p)
	}
	return s
}

// Names lists s's permissions by name, sorted.
func (s Set) Names() []string {
	out := []string{}
	for _, n := range permissionNames() {
		if s.Has(n.p) {
			out = append(out, n.name)
		}
	}
	sort.Strings(out)
	return out
}

// ParseSet reads permission names; an unknown name is an error naming it.
func ParseSet(names []string) (Set, error) {
	var s Set
	for _, name := range names {
		p, ok := permissionNamed(name)
		if !ok {
			return 0, fmt.Errorf("unknown permission %q", name)
		}
		s = s.With(p)
	}
	return s, nil
}

func permissionNamed(name string) (Permission, bool) {
	for _, n := range permissionNames() {
		if n.name == name {
			return n.p, true
		}
	}
	return 0, false
}

// Scope is which conversations of the inboxes a subject may see.
type Scope string

// Conversation scopes, widest first.
const (
	ScopeAll              Scope = "all"                // every conversation
	ScopeUnassignedAndOwn Scope = "unassigned_and_own" // unassigned ones and those assigned to them
	ScopeParticipating    Scope = "participating"      // only those assigned to them or they took part in
)

// Valid reports whether s is a known scope.
func (s Scope) Valid() bool {
	return s == ScopeAll || s == ScopeUnassignedAndOwn || s == ScopeParticipating
}
