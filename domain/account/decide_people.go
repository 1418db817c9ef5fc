package account

import (
	"slices"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/authz"
)

func decideUser(s State, c Command) ([]domain.Event, error) {
	if c, ok := c.(CreateUser); ok {
		if _, exists := s.Users[c.UserID]; exists {
			return nil, domain.Conflict(CodeUserExists, "user %q already exists", c.UserID)
		}
		email := NormalizeEmail(c.Email)
		for _, u := range s.Users {
			if u.Email == email {
				return nil, domain.Conflict(CodeEmailTaken, "another user of the account has this e-mail address")
			}
		}
		if err := roleUsable(s, c.Role, false); err != nil {
			return nil, err
		}
		return one(UserCreated{UserID: c.UserID, Email: email, Name: c.Name, Role: c.Role}), nil
	}
	var id string
	switch c := c.(type) {
	case UpdateUser:
		id = c.UserID
	case ArchiveUser:
		id = c.UserID
	case RestoreUser:
		id = c.UserID
	case RecordPasswordChange:
		id = c.UserID
	}
	u, ok := s.Users[id]
	if !ok {
		return nil, domain.NotFound(CodeUserNotFound, "no user %q", id)
	}
	lastAdmin := !u.Archived && u.Role == authz.RoleAdministrator && activeAdmins(s) == 1
	switch c := c.(type) {
	case UpdateUser:
		e := UserUpdated{UserID: id}
		if c.Name != nil && *c.Name != u.Name {
			e.Name = c.Name
		}
		if c.Role != nil && *c.Role != u.Role {
			if err := roleUsable(s, *c.Role, false); err != nil {
				return nil, err
			}
			if lastAdmin {
				return nil, domain.Conflict(CodeLastAdmin, "the account's last administrator cannot change role")
			}
			e.Role = c.Role
		}
		return when(e.Name != nil || e.Role != nil, e), nil
	case ArchiveUser:
		if lastAdmin {
			return nil, domain.Conflict(CodeLastAdmin, "the account's last administrator cannot be archived")
		}
		return when(!u.Archived, UserArchived(c)), nil
	case RestoreUser:
		return when(u.Archived, UserRestored(c)), nil
	case RecordPasswordChange:
		if u.Archived {
			return nil, domain.Conflict(CodeArchived, "user %q is archived", id)
		}
		return one(PasswordChanged(c)), nil
	}
	return nil, domain.Invalid("", "unknown_command", "unknown user command %s", c.CommandType())
}

func decideRole(s State, c Command) ([]domain.Event, error) {
	var id string
	switch c := c.(type) {
	case CreateRole:
		if _, builtin := authz.BuiltinRole(c.RoleID); builtin {
			return nil, domain.Conflict(CodeRoleBuiltin, "%q is a built-in role", c.RoleID)
		}
		if _, exists := s.Roles[c.RoleID]; exists {
			return nil, domain.Conflict(CodeRoleExists, "role %q already exists", c.RoleID)
		}
		return one(RoleCreated{RoleID: c.RoleID, Name: c.Name, Permissions: sortedCopy(c.Permissions), Scope: c.Scope}), nil
	case UpdateRole:
		id = c.RoleID
	case ArchiveRole:
		id = c.RoleID
	}
	if _, builtin := authz.BuiltinRole(id); builtin {
		return nil, domain.Conflict(CodeRoleBuiltin, "built-in role %q cannot be changed", id)
	}
	r, ok := s.Roles[id]
	if !ok {
		return nil, domain.NotFound(CodeRoleNotFound, "no role %q", id)
	}
	switch c := c.(type) {
	case UpdateRole:
		e := RoleUpdated{RoleID: id}
		if c.Name != nil && *c.Name != r.Name {
			e.Name = c.Name
		}
		if c.Scope != nil && *c.Scope != r.Scope {
			e.Scope = c.Scope
		}
		if c.Permissions != nil && !slices.Equal(sortedCopy(*c.Permissions), r.Permissions) {
			p := sortedCopy(*c.Permissions)
			e.Permissions = &p
		}
		return when(e.Name != nil || e.Scope != nil || e.Permissions != nil, e), nil
	case ArchiveRole:
		for uid, u := range s.Users {
			if !u.Archived && u.Role == id {
				return nil, domain.Conflict(CodeRoleInUse, "role %q is held by user %q", id, uid)
			}
		}
		for tid, t := range s.Tokens {
			if !t.Revoked && t.Role == id {
				return nil, domain.Conflict(CodeRoleInUse, "role %q is held by token %q", id, tid)
			}
		}
		return when(!r.Archived, RoleArchived(c)), nil
	}
	return nil, domain.Invalid("", "unknown_command", "unknown role command %s", c.CommandType())
}

// sortedCopy returns a sorted copy (nil for an empty list), so that role
// permissions compare and encode the same whatever order they came in.
func sortedCopy(v []string) []string {
	if len(v) == 0 {
		return []string{}
	}
	out := slices.Clone(v)
	slices.Sort(out)
	return slices.Compact(out)
}
