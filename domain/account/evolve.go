package account

import (
	"slices"

	"github.com/parley-inbox/parley/domain"
)

// Evolve returns the state after event e. It writes into s's maps, so treat
// s as consumed (keep a Clone for the state before). Unknown events leave s
// as is.
func Evolve(s State, e domain.Event) State {
	switch e := e.(type) {
	case Created:
		s.Created, s.Name = true, e.Name
	case Renamed:
		s.Name = e.Name
	case UserCreated:
		s.Users = put(s.Users, e.UserID, User{Email: e.Email, Name: e.Name, Role: e.Role})
	case UserUpdated:
		u := s.Users[e.UserID]
		set(&u.Name, e.Name)
		set(&u.Role, e.Role)
		s.Users = put(s.Users, e.UserID, u)
	case UserArchived:
		u := s.Users[e.UserID]
		u.Archived = true
		s.Users = put(s.Users, e.UserID, u)
	case UserRestored:
		u := s.Users[e.UserID]
		u.Archived = false
		s.Users = put(s.Users, e.UserID, u)
	case RoleCreated:
		s.Roles = put(s.Roles, e.RoleID, Role{Name: e.Name, Permissions: slices.Clone(e.Permissions), Scope: e.Scope})
	case RoleUpdated:
		r := s.Roles[e.RoleID]
		set(&r.Name, e.Name)
		set(&r.Scope, e.Scope)
		setList(&r.Permissions, e.Permissions)
		s.Roles = put(s.Roles, e.RoleID, r)
	case RoleArchived:
		r := s.Roles[e.RoleID]
		r.Archived = true
		s.Roles = put(s.Roles, e.RoleID, r)
	default:
		return evolveGroups(s, e)
	}
	return s
}

func evolveGroups(s State, e domain.Event) State {
	switch e := e.(type) {
	case TeamCreated:
		s.Teams = put(s.Teams, e.TeamID, Team{Name: e.Name, Members: slices.Clone(e.Members)})
	case TeamUpdated:
		t := s.Teams[e.TeamID]
		set(&t.Name, e.Name)
		setList(&t.Members, e.Members)
		s.Teams = put(s.Teams, e.TeamID, t)
	case TeamArchived:
		t := s.Teams[e.TeamID]
		t.Archived = true
		s.Teams = put(s.Teams, e.TeamID, t)
	case InboxCreated:
		s.Inboxes = put(s.Inboxes, e.InboxID, Inbox{Name: e.Name, Channel: e.Channel, Agents: slices.Clone(e.Agents), Teams: slices.Clone(e.Teams)})
	case InboxUpdated:
		in := s.Inboxes[e.InboxID]
		set(&in.Name, e.Name)
		setList(&in.Agents, e.Agents)
		setList(&in.Teams, e.Teams)
		s.Inboxes = put(s.Inboxes, e.InboxID, in)
	case InboxArchived:
		in := s.Inboxes[e.InboxID]
		in.Archived = true
		s.Inboxes = put(s.Inboxes, e.InboxID, in)
	case TokenIssued:
		s.Tokens = put(s.Tokens, e.TokenID, Token{Name: e.Name, Kind: e.Kind, ClientID: e.ClientID, Role: e.Role, Inboxes: slices.Clone(e.Inboxes), ExpiresAt: e.ExpiresAt})
	case TokenRevoked:
		t := s.Tokens[e.TokenID]
		t.Revoked = true
		s.Tokens = put(s.Tokens, e.TokenID, t)
	default:
		return evolveCatalog(s, e)
	}
	return s
}

func evolveCatalog(s State, e domain.Event) State {
	switch e := e.(type) {
	case TagDefined:
		s.Tags = put(s.Tags, e.TagID, Tag{Name: e.Name, Color: e.Color})
	case TagArchived:
		t := s.Tags[e.TagID]
		t.Archived = true
		s.Tags = put(s.Tags, e.TagID, t)
	case QuickReplyCreated:
		s.QuickReplies = put(s.QuickReplies, e.QuickReplyID, QuickReply{Shortcut: e.Shortcut, Text: e.Text, Scope: e.Scope, TeamID: e.TeamID, OwnerID: e.OwnerID})
	case QuickReplyUpdated:
		q := s.QuickReplies[e.QuickReplyID]
		set(&q.Shortcut, e.Shortcut)
		set(&q.Text, e.Text)
		s.QuickReplies = put(s.QuickReplies, e.QuickReplyID, q)
	case QuickReplyArchived:
		q := s.QuickReplies[e.QuickReplyID]
		q.Archived = true
		s.QuickReplies = put(s.QuickReplies, e.QuickReplyID, q)
	}
	return s
}

// put sets m[k] = v, making m if needed.
func put[V any](m map[string]V, k string, v V) map[string]V {
	if m == nil {
		m = map[string]V{}
	}
	m[k] = v
	return m
}

func set(dst *string, v *string) {
	if v != nil {
		*dst = *v
	}
}

func setList(dst *[]string, v *[]string) {
	if v != nil {
		*dst = slices.Clone(*v)
	}
}
