package account

import (
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/authz"
)

// Stable error codes of account decisions.
const (
	CodeNotFound      = "account_not_found"
	CodeExists        = "account_exists"
	CodeUserNotFound  = "user_not_found"
	CodeUserExists    = "user_exists"
	CodeEmailTaken    = "email_taken"
	CodeRoleNotFound  = "role_not_found"
	CodeRoleExists    = "role_exists"
	CodeRoleBuiltin   = "role_builtin"
	CodeRoleInUse     = "role_in_use"
	CodeTeamNotFound  = "team_not_found"
	CodeTeamExists    = "team_exists"
	CodeInboxNotFound = "inbox_not_found"
	CodeInboxExists   = "inbox_exists"
	CodeTokenNotFound = "token_not_found"
	CodeTokenExists   = "token_exists"
	CodeLastAdmin     = "last_administrator"
	CodeArchived      = "archived"
	CodeExpired       = "expires_in_the_past"
)

// Decide returns the events c produces on s, or a *domain.Error; nil events
// and a nil error is a no-op. It never changes s.
func Decide(s State, c Command, by domain.Actor, now time.Time) ([]domain.Event, error) {
	if c == nil {
		return nil, domain.Invalid("", domain.CodeRequired, "a command is required")
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if create, ok := c.(CreateAccount); ok {
		if s.Created {
			return nil, domain.Conflict(CodeExists, "the account already exists")
		}
		return one(Created(create)), nil
	}
	if !s.Created {
		return nil, domain.NotFound(CodeNotFound, "the account does not exist")
	}
	switch c := c.(type) {
	case RenameAccount:
		return when(c.Name != s.Name, Renamed(c)), nil
	case CreateUser, UpdateUser, ArchiveUser, RestoreUser, RecordPasswordChange:
		return decideUser(s, c)
	case CreateRole, UpdateRole, ArchiveRole:
		return decideRole(s, c)
	case CreateTeam, UpdateTeam, ArchiveTeam:
		return decideTeam(s, c)
	case CreateInbox, UpdateInbox, ArchiveInbox:
		return decideInbox(s, c)
	case IssueToken, RevokeToken:
		return decideToken(s, c, now)
	case DefineTag, ArchiveTag:
		return decideTag(s, c)
	case CreateQuickReply, UpdateQuickReply, ArchiveQuickReply:
		return decideQuickReply(s, c, by)
	}
	return nil, domain.Invalid("", "unknown_command", "unknown account command %s", c.CommandType())
}

// roleUsable reports whether id names a built-in role or an active custom
// role; bots' role is for tokens only.
func roleUsable(s State, id string, forToken bool) *domain.Error {
	if _, ok := authz.BuiltinRole(id); ok {
		if id == authz.RoleBot && !forToken {
			return domain.Invalid("role", CodeRoleNotFound, "the bot role is for API tokens only")
		}
		return nil
	}
	r, ok := s.Roles[id]
	if !ok {
		return domain.Invalid("role", CodeRoleNotFound, "no role %q", id)
	}
	if r.Archived {
		return domain.Invalid("role", CodeArchived, "role %q is archived", id)
	}
	return nil
}

// activeAdmins counts the active users holding the administrator role.
func activeAdmins(s State) int {
	n := 0
	for _, u := range s.Users {
		if !u.Archived && u.Role == authz.RoleAdministrator {
			n++
		}
	}
	return n
}

func one(e domain.Event) []domain.Event { return []domain.Event{e} }

func when(cond bool, e domain.Event) []domain.Event {
	if !cond {
		return nil
	}
	return one(e)
}
