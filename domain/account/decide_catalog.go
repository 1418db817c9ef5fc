package account

import (
	"strings"

	"github.com/parley-inbox/parley/domain"
)

// Error codes of the catalogue.
const (
	CodeTagExists          = "tag_exists"
	CodeTagNotFound        = "tag_not_found"
	CodeQuickReplyExists   = "quick_reply_exists"
	CodeQuickReplyNotFound = "quick_reply_not_found"
	CodeShortcutTaken      = "shortcut_taken"
	CodeNotYours           = "not_your_quick_reply"
)

func decideTag(s State, c Command) ([]domain.Event, error) {
	switch c := c.(type) {
	case DefineTag:
		if _, exists := s.Tags[c.TagID]; exists {
			return nil, domain.Conflict(CodeTagExists, "tag %q already exists", c.TagID)
		}
		for id, t := range s.Tags {
			if !t.Archived && strings.EqualFold(t.Name, c.Name) {
				return nil, domain.Conflict(CodeTagExists, "tag %q already has this name", id)
			}
		}
		return one(TagDefined(c)), nil
	case ArchiveTag:
		t, ok := s.Tags[c.TagID]
		if !ok {
			return nil, domain.NotFound(CodeTagNotFound, "no tag %q", c.TagID)
		}
		return when(!t.Archived, TagArchived(c)), nil
	}
	return nil, domain.Invalid("", "unknown_command", "unknown tag command %s", c.CommandType())
}

func decideQuickReply(s State, c Command, by domain.Actor) ([]domain.Event, error) {
	if c, ok := c.(CreateQuickReply); ok {
		return createQuickReply(s, c, by)
	}
	var id string
	var asAdmin bool
	switch c := c.(type) {
	case UpdateQuickReply:
		id, asAdmin = c.QuickReplyID, c.AsAdmin
	case ArchiveQuickReply:
		id, asAdmin = c.QuickReplyID, c.AsAdmin
	}
	q, ok := s.QuickReplies[id]
	// Someone else's personal reply is answered as missing: it is invisible.
	if !ok || (q.Scope == ScopePersonal && (by.Kind != domain.ActorAgent || by.ID != q.OwnerID)) {
		return nil, domain.NotFound(CodeQuickReplyNotFound, "no quick reply %q", id)
	}
	if q.Scope != ScopePersonal && !asAdmin {
		return nil, domain.Forbidden(CodeNotYours, "shared quick replies are managed by administrators")
	}
	switch c := c.(type) {
	case UpdateQuickReply:
		e := QuickReplyUpdated{QuickReplyID: id}
		if c.Shortcut != nil && *c.Shortcut != q.Shortcut {
			if err := shortcutFree(s, *c.Shortcut, q.Scope, q.TeamID, q.OwnerID, id); err != nil {
				return nil, err
			}
			e.Shortcut = c.Shortcut
		}
		if c.Text != nil && *c.Text != q.Text {
			e.Text = c.Text
		}
		return when(e.Shortcut != nil || e.Text != nil, e), nil
	case ArchiveQuickReply:
		return when(!q.Archived, QuickReplyArchived{QuickReplyID: id}), nil
	}
	return nil, domain.Invalid("", "unknown_command", "unknown quick reply command %s", c.CommandType())
}

func createQuickReply(s State, c CreateQuickReply, by domain.Actor) ([]domain.Event, error) {
	if _, exists := s.QuickReplies[c.QuickReplyID]; exists {
		return nil, domain.Conflict(CodeQuickReplyExists, "quick reply %q already exists", c.QuickReplyID)
	}
	e := QuickReplyCreated{QuickReplyID: c.QuickReplyID, Shortcut: c.Shortcut, Text: c.Text, Scope: c.Scope, TeamID: c.TeamID}
	switch c.Scope {
	case ScopePersonal:
		if u, ok := s.Users[by.ID]; by.Kind != domain.ActorAgent || !ok || u.Archived {
			return nil, domain.Forbidden(CodeNotYours, "personal quick replies belong to users")
		}
		e.OwnerID = by.ID
	case ScopeTeam:
		if t, ok := s.Teams[c.TeamID]; !ok || t.Archived {
			return nil, domain.Invalid("team_id", CodeTeamNotFound, "no active team %q", c.TeamID)
		}
		fallthrough
	default:
		if !c.AsAdmin {
			return nil, domain.Forbidden(CodeNotYours, "shared quick replies are managed by administrators")
		}
	}
	if err := shortcutFree(s, c.Shortcut, e.Scope, e.TeamID, e.OwnerID, ""); err != nil {
		return nil, err
	}
	return one(e), nil
}

// shortcutFree checks that no other active reply of the same audience
// uses shortcut.
func shortcutFree(s State, shortcut, scope, team, owner, self string) *domain.Error {
	for id, q := range s.QuickReplies {
		if id != self && !q.Archived && q.Shortcut == shortcut && q.Scope == scope && q.TeamID == team && q.OwnerID == owner {
			return domain.Conflict(CodeShortcutTaken, "quick reply %q already uses /%s", id, shortcut)
		}
	}
	return nil
}
