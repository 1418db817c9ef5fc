package account

import "time"

// Event types of an account stream.
const (
	TypeCreated         = "account.created"
	TypeRenamed         = "account.renamed"
	TypeUserCreated     = "account.user_created"
	TypeUserUpdated     = "account.user_updated"
	TypeUserArchived    = "account.user_archived"
	TypeUserRestored    = "account.user_restored"
	TypePasswordChanged = "account.password_changed"
	TypeRoleCreated     = "account.role_created"
	TypeRoleUpdated     = "account.role_updated"
	TypeRoleArchived    = "account.role_archived"
	TypeTeamCreated     = "account.team_created"
	TypeTeamUpdated     = "account.team_updated"
	TypeTeamArchived    = "account.team_archived"
	TypeInboxCreated    = "account.inbox_created"
	TypeInboxUpdated    = "account.inbox_updated"
	TypeInboxArchived   = "account.inbox_archived"
	TypeTokenIssued     = "account.token_issued"
	TypeTokenRevoked    = "account.token_revoked"
)

// Created: the account exists.
type Created struct {
	Name string `json:"name"`
}

// Renamed: the account's display name changed.
type Renamed struct {
	Name string `json:"name"`
}

// UserCreated: a person joined the account. Email is lower-cased.
type UserCreated struct {
	UserID string `json:"user_id"`
	Email  string `json:"email"`
	Name   string `json:"name"`
	Role   string `json:"role"`
}

// UserUpdated: only the changed fields; nil means unchanged.
type UserUpdated struct {
	UserID string  `json:"user_id"`
	Name   *string `json:"name,omitempty"`
	Role   *string `json:"role,omitempty"`
}

// UserArchived: the user can no longer log in.
type UserArchived struct {
	UserID string `json:"user_id"`
}

// UserRestored: the user is active again.
type UserRestored struct {
	UserID string `json:"user_id"`
}

// PasswordChanged: the user's password was set; the hash is not in the log.
type PasswordChanged struct {
	UserID string `json:"user_id"`
}

// RoleCreated: a custom role was defined.
type RoleCreated struct {
	RoleID      string   `json:"role_id"`
	Name        string   `json:"name"`
	Permissions []string `json:"permissions"`
	Scope       string   `json:"scope"`
}

// RoleUpdated: only the changed fields.
type RoleUpdated struct {
	RoleID      string    `json:"role_id"`
	Name        *string   `json:"name,omitempty"`
	Permissions *[]string `json:"permissions,omitempty"`
	Scope       *string   `json:"scope,omitempty"`
}

// RoleArchived: the role can no longer be given.
type RoleArchived struct {
	RoleID string `json:"role_id"`
}

// TeamCreated: a team was defined.
type TeamCreated struct {
	TeamID  string   `json:"team_id"`
	Name    string   `json:"name"`
	Members []string `json:"members,omitempty"`
}

// TeamUpdated: only the changed fields; Members replaces the list.
type TeamUpdated struct {
	TeamID  string    `json:"team_id"`
	Name    *string   `json:"name,omitempty"`
	Members *[]string `json:"members,omitempty"`
}

// TeamArchived: the team was retired.
type TeamArchived struct {
	TeamID string `json:"team_id"`
}

// InboxCreated: an inbox was defined.
type InboxCreated struct {
	InboxID string   `json:"inbox_id"`
	Name    string   `json:"name"`
	Channel string   `json:"channel"`
	Agents  []string `json:"agents,omitempty"`
	Teams   []string `json:"teams,omitempty"`
}

// InboxUpdated: only the changed fields; lists are replaced.
type InboxUpdated struct {
	InboxID string    `json:"inbox_id"`
	Name    *string   `json:"name,omitempty"`
	Agents  *[]string `json:"agents,omitempty"`
	Teams   *[]string `json:"teams,omitempty"`
}

// InboxArchived: the inbox was retired.
type InboxArchived struct {
	InboxID string `json:"inbox_id"`
}

// TokenIssued: an API token exists (its hash is stored outside the log).
type TokenIssued struct {
	TokenID   string     `json:"token_id"`
	Name      string     `json:"name"`
	Kind      string     `json:"kind"`
	ClientID  string     `json:"client_id"`
	Role      string     `json:"role"`
	Inboxes   []string   `json:"inboxes,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// TokenRevoked: the token no longer authenticates.
type TokenRevoked struct {
	TokenID string `json:"token_id"`
}

// EventType implementations.
func (Created) EventType() string         { return TypeCreated }
func (Renamed) EventType() string         { return TypeRenamed }
func (UserCreated) EventType() string     { return TypeUserCreated }
func (UserUpdated) EventType() string     { return TypeUserUpdated }
func (UserArchived) EventType() string    { return TypeUserArchived }
func (UserRestored) EventType() string    { return TypeUserRestored }
func (PasswordChanged) EventType() string { return TypePasswordChanged }
func (RoleCreated) EventType() string     { return TypeRoleCreated }
func (RoleUpdated) EventType() string     { return TypeRoleUpdated }
func (RoleArchived) EventType() string    { return TypeRoleArchived }
func (TeamCreated) EventType() string     { return TypeTeamCreated }
func (TeamUpdated) EventType() string     { return TypeTeamUpdated }
func (TeamArchived) EventType() string    { return TypeTeamArchived }
func (InboxCreated) EventType() string    { return TypeInboxCreated }
func (InboxUpdated) EventType() string    { return TypeInboxUpdated }
func (InboxArchived) EventType() string   { return TypeInboxArchived }
func (TokenIssued) EventType() string     { return TypeTokenIssued }
func (TokenRevoked) EventType() string    { return TypeTokenRevoked }
