package account

import (
	"maps"
	"time"
)

// User is a person of the account.
type User struct {
	Email    string
	Name     string
	Role     string
	Archived bool
}

// Role is a custom role (built-in roles are in package authz).
type Role struct {
	Name        string
	Permissions []string
	Scope       string
	Archived    bool
}

// Team is a group of users.
type Team struct {
	Name     string
	Members  []string
	Archived bool
}

// Inbox is one connected channel account and who works it.
type Inbox struct {
	Name     string
	Channel  string
	Agents   []string
	Teams    []string
	Archived bool
}

// Token is an API token's record (never its secret).
type Token struct {
	Name      string
	Kind      string
	ClientID  string
	Role      string
	Inboxes   []string
	ExpiresAt *time.Time
	Revoked   bool
}

// State is an account folded from its events; the zero value means the
// stream does not exist. Evolve replaces slices rather than appending to
// them, so a Clone of the maps is a safe copy.
type State struct {
	Created bool
	Name    string
	Users   map[string]User
	Roles   map[string]Role
	Teams   map[string]Team
	Inboxes map[string]Inbox
	Tokens  map[string]Token
	// The tag catalogue and quick replies (catalog.go).
	Tags         map[string]Tag
	QuickReplies map[string]QuickReply
}

// Clone returns a copy whose maps can be changed independently.
func (s State) Clone() State {
	c := s
	c.Users, c.Roles, c.Teams = maps.Clone(s.Users), maps.Clone(s.Roles), maps.Clone(s.Teams)
	c.Inboxes, c.Tokens = maps.Clone(s.Inboxes), maps.Clone(s.Tokens)
	c.Tags, c.QuickReplies = maps.Clone(s.Tags), maps.Clone(s.QuickReplies)
	return c
}

// StreamName is the event stream of account id.
func StreamName(id string) string { return streamPrefix + id }

// IDFromStream returns the account id of a stream name.
func IDFromStream(stream string) (string, bool) {
	if len(stream) <= len(streamPrefix) || stream[:len(streamPrefix)] != streamPrefix {
		return "", false
	}
	return stream[len(streamPrefix):], true
}

const streamPrefix = "account-"
