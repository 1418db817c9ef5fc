package account

import (
	"fmt"
	"time"

	"github.com/parley-inbox/parley/domain"
)

func decideTeam(s State, c Command) ([]domain.Event, error) {
	switch c := c.(type) {
	case CreateTeam:
		if _, exists := s.Teams[c.TeamID]; exists {
			return nil, domain.Conflict(CodeTeamExists, "team %q already exists", c.TeamID)
		}
		if err := usersExist(s, "members", c.Members); err != nil {
			return nil, err
		}
		return one(TeamCreated(c)), nil
	case UpdateTeam:
		t, ok := s.Teams[c.TeamID]
		if !ok {
			return nil, domain.NotFound(CodeTeamNotFound, "no team %q", c.TeamID)
		}
		e := TeamUpdated{TeamID: c.TeamID}
		if c.Name != nil && *c.Name != t.Name {
			e.Name = c.Name
		}
		if c.Members != nil {
			if err := usersExist(s, "members", *c.Members); err != nil {
				return nil, err
			}
			e.Members = c.Members
		}
		return when(e.Name != nil || e.Members != nil, e), nil
	case ArchiveTeam:
		t, ok := s.Teams[c.TeamID]
		if !ok {
			return nil, domain.NotFound(CodeTeamNotFound, "no team %q", c.TeamID)
		}
		return when(!t.Archived, TeamArchived(c)), nil
	}
	return nil, domain.Invalid("", "unknown_command", "unknown team command %s", c.CommandType())
}

func decideInbox(s State, c Command) ([]domain.Event, error) {
	switch c := c.(type) {
	case CreateInbox:
		if _, exists := s.Inboxes[c.InboxID]; exists {
			return nil, domain.Conflict(CodeInboxExists, "inbox %q already exists", c.InboxID)
		}
		if err := members(s, c.Agents, c.Teams); err != nil {
			return nil, err
		}
		return one(InboxCreated(c)), nil
	case UpdateInbox:
		in, ok := s.Inboxes[c.InboxID]
		if !ok {
			return nil, domain.NotFound(CodeInboxNotFound, "no inbox %q", c.InboxID)
		}
		e := InboxUpdated{InboxID: c.InboxID, Agents: c.Agents, Teams: c.Teams}
		if c.Name != nil && *c.Name != in.Name {
			e.Name = c.Name
		}
		if err := members(s, deref(c.Agents), deref(c.Teams)); err != nil {
			return nil, err
		}
		return when(e.Name != nil || e.Agents != nil || e.Teams != nil, e), nil
	case ArchiveInbox:
		in, ok := s.Inboxes[c.InboxID]
		if !ok {
			return nil, domain.NotFound(CodeInboxNotFound, "no inbox %q", c.InboxID)
		}
		return when(!in.Archived, InboxArchived(c)), nil
	}
	return nil, domain.Invalid("", "unknown_command", "unknown inbox command %s", c.CommandType())
}

func decideToken(s State, c Command, now time.Time) ([]domain.Event, error) {
	switch c := c.(type) {
	case IssueToken:
		if _, exists := s.Tokens[c.TokenID]; exists {
			return nil, domain.Conflict(CodeTokenExists, "token %q already exists", c.TokenID)
		}
		if err := roleUsable(s, c.Role, true); err != nil {
			return nil, err
		}
		if c.ExpiresAt != nil && !c.ExpiresAt.After(now) {
			return nil, domain.Invalid("expires_at", CodeExpired, "must be in the future")
		}
		for i, id := range c.Inboxes {
			if in, ok := s.Inboxes[id]; !ok || in.Archived {
				return nil, domain.Invalid(fmt.Sprintf("inboxes[%d]", i), CodeInboxNotFound, "no active inbox %q", id)
			}
		}
		return one(TokenIssued(c)), nil
	case RevokeToken:
		t, ok := s.Tokens[c.TokenID]
		if !ok {
			return nil, domain.NotFound(CodeTokenNotFound, "no token %q", c.TokenID)
		}
		return when(!t.Revoked, TokenRevoked(c)), nil
	}
	return nil, domain.Invalid("", "unknown_command", "unknown token command %s", c.CommandType())
}

func members(s State, agents, teams []string) *domain.Error {
	if err := usersExist(s, "agents", agents); err != nil {
		return err
	}
	for i, id := range teams {
		if t, ok := s.Teams[id]; !ok || t.Archived {
			return domain.Invalid(fmt.Sprintf("teams[%d]", i), CodeTeamNotFound, "no active team %q", id)
		}
	}
	return nil
}

func usersExist(s State, field string, ids []string) *domain.Error {
	for i, id := range ids {
		if u, ok := s.Users[id]; !ok || u.Archived {
			return domain.Invalid(fmt.Sprintf("%s[%d]", field, i), CodeUserNotFound, "no active user %q", id)
		}
	}
	return nil
}

func deref(v *[]string) []string {
	if v == nil {
		return nil
	}
	return *v
}
