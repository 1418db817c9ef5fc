package account

import (
	"time"

	"github.com/parley-inbox/parley/domain"
)

// Command is a request to change an account's configuration. Ids of the
// entity a command is about come from the path (json:"-"); Validate checks
// the fields without the state.
type Command interface {
	CommandType() string
	Validate() *domain.Error
}

// CreateAccount creates the account.
type CreateAccount struct {
	Name string `json:"name"`
}

// RenameAccount changes the account's display name.
type RenameAccount struct {
	Name string `json:"name"`
}

// CreateUser adds a person with a role. Email is their login.
type CreateUser struct {
	UserID string `json:"id,omitempty"`
	Email  string `json:"email"`
	Name   string `json:"name"`
	Role   string `json:"role"`
}

// UpdateUser changes the fields it carries (nil leaves one as is).
type UpdateUser struct {
	UserID string  `json:"-"`
	Name   *string `json:"name,omitempty"`
	Role   *string `json:"role,omitempty"`
}

// ArchiveUser deactivates a user: they can no longer log in.
type ArchiveUser struct {
	UserID string `json:"-"`
}

// RestoreUser reactivates an archived user.
type RestoreUser struct {
	UserID string `json:"-"`
}

// RecordPasswordChange records that a user's password was set (the hash is
// stored outside the log).
type RecordPasswordChange struct {
	UserID string `json:"-"`
}

// CreateRole defines a custom role.
type CreateRole struct {
	RoleID      string   `json:"id"`
	Name        string   `json:"name"`
	Permissions []string `json:"permissions"`
	Scope       string   `json:"scope"`
}

// UpdateRole changes a custom role.
type UpdateRole struct {
	RoleID      string    `json:"-"`
	Name        *string   `json:"name,omitempty"`
	Permissions *[]string `json:"permissions,omitempty"`
	Scope       *string   `json:"scope,omitempty"`
}

// ArchiveRole retires a custom role no active user or token holds.
type ArchiveRole struct {
	RoleID string `json:"-"`
}

// CreateTeam defines a team of users.
type CreateTeam struct {
	TeamID  string   `json:"id,omitempty"`
	Name    string   `json:"name"`
	Members []string `json:"members,omitempty"`
}

// UpdateTeam changes a team's name or replaces its members.
type UpdateTeam struct {
	TeamID  string    `json:"-"`
	Name    *string   `json:"name,omitempty"`
	Members *[]string `json:"members,omitempty"`
}

// ArchiveTeam retires a team.
type ArchiveTeam struct {
	TeamID string `json:"-"`
}

// CreateInbox defines an inbox (one connected channel account) with the
// agents and teams who work it.
type CreateInbox struct {
	InboxID string   `json:"id,omitempty"`
	Name    string   `json:"name"`
	Channel string   `json:"channel"`
	Agents  []string `json:"agents,omitempty"`
	Teams   []string `json:"teams,omitempty"`
}

// UpdateInbox changes an inbox's name or replaces its members.
type UpdateInbox struct {
	InboxID string    `json:"-"`
	Name    *string   `json:"name,omitempty"`
	Agents  *[]string `json:"agents,omitempty"`
	Teams   *[]string `json:"teams,omitempty"`
}

// ArchiveInbox retires an inbox.
type ArchiveInbox struct {
	InboxID string `json:"-"`
}

// IssueToken records a new API token for an API client or a bot. TokenID
// is chosen by the server; the secret never reaches the domain.
type IssueToken struct {
	TokenID   string     `json:"-"`
	Name      string     `json:"name"`
	Kind      string     `json:"kind"`      // api_client or bot
	ClientID  string     `json:"client_id"` // the actor id its requests carry
	Role      string     `json:"role"`
	Inboxes   []string   `json:"inboxes,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// RevokeToken revokes a token for good.
type RevokeToken struct {
	TokenID string `json:"-"`
}

// CommandType implementations.
func (CreateAccount) CommandType() string        { return "account.create" }
func (RenameAccount) CommandType() string        { return "account.rename" }
func (CreateUser) CommandType() string           { return "account.create_user" }
func (UpdateUser) CommandType() string           { return "account.update_user" }
func (ArchiveUser) CommandType() string          { return "account.archive_user" }
func (RestoreUser) CommandType() string          { return "account.restore_user" }
func (RecordPasswordChange) CommandType() string { return "account.change_password" }
func (CreateRole) CommandType() string           { return "account.create_role" }
func (UpdateRole) CommandType() string           { return "account.update_role" }
func (ArchiveRole) CommandType() string          { return "account.archive_role" }
func (CreateTeam) CommandType() string           { return "account.create_team" }
func (UpdateTeam) CommandType() string           { return "account.update_team" }
func (ArchiveTeam) CommandType() string          { return "account.archive_team" }
func (CreateInbox) CommandType() string          { return "account.create_inbox" }
func (UpdateInbox) CommandType() string          { return "account.update_inbox" }
func (ArchiveInbox) CommandType() string         { return "account.archive_inbox" }
func (IssueToken) CommandType() string           { return "account.issue_token" }
func (RevokeToken) CommandType() string          { return "account.revoke_token" }
