package account

import (
	"strings"

	"github.com/parley-inbox/parley/domain"
)

// Quick reply scopes: who sees (and may use) a quick reply.
const (
	ScopeAccount  = "account"  // everyone in the account; administrators manage it
	ScopeTeam     = "team"     // the members of TeamID; administrators manage it
	ScopePersonal = "personal" // its owner only, who manages it
)

// MaxQuickReplyLen bounds a quick reply's text, in runes.
const MaxQuickReplyLen = 4000

// Tag is an entry of the account's tag catalogue.
type Tag struct {
	Name     string
	Color    string
	Archived bool
}

// QuickReply is a canned answer with variables.
type QuickReply struct {
	Shortcut string
	Text     string
	Scope    string
	TeamID   string
	OwnerID  string
	Archived bool
}

// DefineTag adds a tag to the catalogue.
type DefineTag struct {
	TagID string `json:"id,omitempty"`
	Name  string `json:"name"`
	Color string `json:"color,omitempty"` // #rrggbb
}

// ArchiveTag retires a catalogue tag (conversations keep theirs).
type ArchiveTag struct {
	TagID string `json:"-"`
}

// CreateQuickReply adds a quick reply. Shared ones (account, team) need
// AsAdmin; a personal one belongs to the acting agent.
type CreateQuickReply struct {
	QuickReplyID string `json:"id,omitempty"`
	Shortcut     string `json:"shortcut"`
	Text         string `json:"text"`
	Scope        string `json:"scope"`
	TeamID       string `json:"team_id,omitempty"`
	AsAdmin      bool   `json:"-"` // set by the API from the caller's permissions
}

// UpdateQuickReply changes a quick reply's shortcut or text.
type UpdateQuickReply struct {
	QuickReplyID string  `json:"-"`
	Shortcut     *string `json:"shortcut,omitempty"`
	Text         *string `json:"text,omitempty"`
	AsAdmin      bool    `json:"-"`
}

// ArchiveQuickReply retires a quick reply.
type ArchiveQuickReply struct {
	QuickReplyID string `json:"-"`
	AsAdmin      bool   `json:"-"`
}

// TagDefined: a tag joined the catalogue.
type TagDefined struct {
	TagID string `json:"tag_id"`
	Name  string `json:"name"`
	Color string `json:"color,omitempty"`
}

// TagArchived: a tag left the catalogue.
type TagArchived struct {
	TagID string `json:"tag_id"`
}

// QuickReplyCreated: a quick reply exists.
type QuickReplyCreated struct {
	QuickReplyID string `json:"quick_reply_id"`
	Shortcut     string `json:"shortcut"`
	Text         string `json:"text"`
	Scope        string `json:"scope"`
	TeamID       string `json:"team_id,omitempty"`
	OwnerID      string `json:"owner_id,omitempty"`
}

// QuickReplyUpdated: only the changed fields.
type QuickReplyUpdated struct {
	QuickReplyID string  `json:"quick_reply_id"`
	Shortcut     *string `json:"shortcut,omitempty"`
	Text         *string `json:"text,omitempty"`
}

// QuickReplyArchived: the quick reply was retired.
type QuickReplyArchived struct {
	QuickReplyID string `json:"quick_reply_id"`
}

// Event types of the catalogue.
const (
	TypeTagDefined         = "account.tag_defined"
	TypeTagArchived        = "account.tag_archived"
	TypeQuickReplyCreated  = "account.quick_reply_created"
	TypeQuickReplyUpdated  = "account.quick_reply_updated"
	TypeQuickReplyArchived = "account.quick_reply_archived"
)

// CommandType and EventType implementations.
func (DefineTag) CommandType() string         { return "account.define_tag" }
func (ArchiveTag) CommandType() string        { return "account.archive_tag" }
func (CreateQuickReply) CommandType() string  { return "account.create_quick_reply" }
func (UpdateQuickReply) CommandType() string  { return "account.update_quick_reply" }
func (ArchiveQuickReply) CommandType() string { return "account.archive_quick_reply" }
func (TagDefined) EventType() string          { return TypeTagDefined }
func (TagArchived) EventType() string         { return TypeTagArchived }
func (QuickReplyCreated) EventType() string   { return TypeQuickReplyCreated }
func (QuickReplyUpdated) EventType() string   { return TypeQuickReplyUpdated }
func (QuickReplyArchived) EventType() string  { return TypeQuickReplyArchived }

// Validate implementations.
func (c DefineTag) Validate() *domain.Error {
	err := first(domain.CheckID("id", c.TagID), domain.CheckTag("name", c.Name))
	if err == nil && c.Color != "" && !isHexColor(c.Color) {
		err = domain.Invalid("color", domain.CodeBadValue, "must be #rrggbb")
	}
	return err
}

func (c ArchiveTag) Validate() *domain.Error { return domain.CheckID("id", c.TagID) }

func (c CreateQuickReply) Validate() *domain.Error {
	err := first(domain.CheckID("id", c.QuickReplyID), checkShortcut(c.Shortcut), checkTemplate(c.Text))
	switch {
	case err != nil:
	case c.Scope != ScopeAccount && c.Scope != ScopeTeam && c.Scope != ScopePersonal:
		err = domain.Invalid("scope", CodeBadScope, "must be account, team or personal")
	case (c.Scope == ScopeTeam) != (c.TeamID != ""):
		err = domain.Invalid("team_id", domain.CodeRequired, "is required with scope team, and only then")
	}
	return err
}

func (c UpdateQuickReply) Validate() *domain.Error {
	err := domain.CheckID("id", c.QuickReplyID)
	if err == nil && c.Shortcut != nil {
		err = checkShortcut(*c.Shortcut)
	}
	if err == nil && c.Text != nil {
		err = checkTemplate(*c.Text)
	}
	return err
}

func (c ArchiveQuickReply) Validate() *domain.Error { return domain.CheckID("id", c.QuickReplyID) }

func checkShortcut(v string) *domain.Error {
	if err := domain.CheckID("shortcut", v); err != nil {
		return err
	}
	if strings.ToLower(v) != v {
		return domain.Invalid("shortcut", domain.CodeBadValue, "must be lower-case")
	}
	return nil
}

func isHexColor(v string) bool {
	if len(v) != 7 || v[0] != '#' {
		return false
	}
	return strings.Trim(strings.ToLower(v[1:]), "0123456789abcdef") == ""
}
