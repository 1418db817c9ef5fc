package authz

import "slices"

// Access is what a credential allows within its account: a role's
// permissions and scope, and the inboxes the holder belongs to.
type Access struct {
	Role        string // role id, for display and audit
	Permissions Set
	Scope       Scope
	// Inboxes the subject is a member of, directly or through a team. It
	// is ignored with the AllInboxes permission.
	Inboxes []string
	Teams   []string
}

// Subject is who asks: the account and the acting user (agent id; empty
// for API clients and bots) with their access.
type Subject struct {
	AccountID string
	UserID    string
	Bot       bool
	Access    Access
}

// Can reports whether the subject holds permission p.
func (s Subject) Can(p Permission) bool { return s.Access.Permissions.Has(p) }

// ConversationMeta is what the permission checks need to know of a
// conversation. Participants are the agents who took part in it (wrote,
// noted, were assigned), when the caller knows them; the assignee counts
// as a participant either way.
type ConversationMeta struct {
	AccountID    string
	InboxID      string
	AssigneeID   string
	TeamID       string
	Participants []string
}

// SeesWholeAccount reports whether s may see every conversation of its
// account (all inboxes, scope all): only the account limits what it reads.
func (s Subject) SeesWholeAccount() bool {
	return s.Access.Scope == ScopeAll && s.Can(AllInboxes)
}

// InInbox reports whether the subject may see inbox id at all.
func (s Subject) InInbox(id string) bool {
	return s.Can(AllInboxes) || slices.Contains(s.Access.Inboxes, id)
}

// CanSeeConversation reports whether s may see the conversation: it is in
// s's account, in an inbox s may see, and within s's scope. A conversation
// s may not see must be answered exactly as one that does not exist.
func CanSeeConversation(s Subject, m ConversationMeta) bool {
	if s.AccountID == "" || m.AccountID != s.AccountID || !s.InInbox(m.InboxID) {
		return false
	}
	switch s.Access.Scope {
	case ScopeAll:
		return true
	case ScopeUnassignedAndOwn:
		return m.AssigneeID == "" || (s.UserID != "" && m.AssigneeID == s.UserID)
	case ScopeParticipating:
		return s.UserID != "" && (m.AssigneeID == s.UserID || slices.Contains(m.Participants, s.UserID))
	}
	return false
}

// Action is the kind of change a command makes to a conversation.
type Action int

// Actions on a conversation, from the least to the most intrusive.
const (
	// ActObserve: mark read, add an internal note: allowed on any
	// conversation s may see.
	ActObserve Action = iota + 1
	// ActTake: accept or self-assign: allowed when the conversation is
	// unassigned or already s's, otherwise it takes ManageOthers.
	ActTake
	// ActWork: reply, tag, close, snooze...: allowed on s's own or
	// unassigned conversations, on others' with ManageOthers.
	ActWork
	// ActReassign: assign to someone else, change team, unassign: allowed
	// on s's own conversations (a transfer); dispatching unassigned ones or
	// moving others' needs ManageOthers.
	ActReassign
)

// CanActOnConversation reports whether s may perform a on a conversation
// s can see (check CanSeeConversation first: not seeing it is a 404, not
// being allowed to act is a 403).
func CanActOnConversation(s Subject, m ConversationMeta, a Action) bool {
	if !CanSeeConversation(s, m) {
		return false
	}
	mine := s.UserID != "" && m.AssigneeID == s.UserID
	switch a {
	case ActObserve:
		return true
	case ActTake, ActWork:
		return mine || m.AssigneeID == "" || s.Can(ManageOthers)
	case ActReassign:
		return mine || s.Can(ManageOthers)
	}
	return false
}

// CanOpenIn reports whether s may open a conversation in inbox id.
func CanOpenIn(s Subject, inboxID string) bool { return s.AccountID != "" && s.InInbox(inboxID) }

// ShowContactIdentity reports whether s may see a conversation's contact
// name and photo: with ViewBeforeAccept, or once s accepted it (delayed
// identification).
func ShowContactIdentity(s Subject, m ConversationMeta, accepted bool) bool {
	return s.Can(ViewBeforeAccept) || (accepted && s.UserID != "" && m.AssigneeID == s.UserID)
}
