package api

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/authz"
)

// bulkBody is POST /conversations/bulk: ids, or a list filter with the
// cursor of the previous call, and the command.
type bulkBody struct {
	IDs []string `json:"ids,omitempty"`
	// Filter takes the list's query parameters (status, assignee, team,
	// inbox, channel, tag, priority, unread, waiting, ...), as strings,
	// booleans or lists of strings.
	Filter map[string]json.RawMessage `json:"filter,omitempty"`
	Cursor string                     `json:"cursor,omitempty"`
	Limit  int                        `json:"limit,omitempty"`
	// Command is what to do with every selected conversation.
	Command bulkCommand `json:"command"`
}

// bulkCommand is one of: tag, untag (tag), assign (agent_id), assign_team
// (team_id), unassign, close (reason), reopen, priority (priority).
type bulkCommand struct {
	Type     string `json:"type"`
	Tag      string `json:"tag,omitempty"`
	AgentID  string `json:"agent_id,omitempty"`
	TeamID   string `json:"team_id,omitempty"`
	Reason   string `json:"reason,omitempty"`
	Priority string `json:"priority,omitempty"`
}

// bulkItem is the outcome for one conversation.
type bulkItem struct {
	ID       string `json:"id"`
	OK       bool   `json:"ok"`
	Status   int    `json:"status"`
	Stream   string `json:"stream,omitempty"`
	Revision uint64 `json:"revision,omitempty"`
	Position uint64 `json:"position,omitempty"`
	Code     string `json:"code,omitempty"`
	Detail   string `json:"detail,omitempty"`
}

// bulkResponse answers a bulk call: a result per conversation, in the order
// selected, the counts, the highest position (for min_position) and, when
// selecting by filter and more conversations match, the next cursor.
type bulkResponse struct {
	Results    []bulkItem `json:"results"`
	Succeeded  int        `json:"succeeded"`
	Failed     int        `json:"failed"`
	Position   uint64     `json:"position"`
	NextCursor string     `json:"next_cursor,omitempty"`
	command    string
}

func (b bulkCommand) build() (conversation.Command, error) {
	need := func(field, v string) error {
		if strings.TrimSpace(v) == "" {
			return domain.Invalid("command."+field, "required", "%s is required for %q", field, b.Type)
		}
		return nil
	}
	switch b.Type {
	case "tag":
		return conversation.ApplyTag{Tag: b.Tag}, need("tag", b.Tag)
	case "untag":
		return conversation.RemoveTag{Tag: b.Tag}, need("tag", b.Tag)
	case "assign":
		return conversation.AssignAgent{AgentID: b.AgentID, Reason: conversation.ReasonManual}, need("agent_id", b.AgentID)
	case "assign_team":
		return conversation.AssignTeam{TeamID: b.TeamID}, need("team_id", b.TeamID)
	case "unassign":
		return conversation.Unassign{}, nil
	case "close":
		return conversation.Close{Reason: b.Reason}, nil
	case "reopen":
		return conversation.Reopen{}, nil
	case "priority":
		return conversation.SetPriority{Priority: conversation.Priority(b.Priority)}, need("priority", b.Priority)
	}
	return nil, domain.Invalid("command.type", "unknown_command",
		"command.type must be one of tag, untag, assign, assign_team, unassign, close, reopen, priority")
}

// action classifies the command for object-level checks, like the
// single-conversation routes do.
func (b bulkCommand) action(sub authz.Subject) authz.Action {
	switch b.Type {
	case "assign":
		if sub.UserID != "" && b.AgentID == sub.UserID {
			return authz.ActTake
		}
		return authz.ActReassign
	case "assign_team", "unassign":
		return authz.ActReassign
	}
	return authz.ActWork
}

// filterValues turns the filter object into list query parameters.
func filterValues(f map[string]json.RawMessage) (map[string][]string, error) {
	out := make(map[string][]string, len(f))
	for name, raw := range f {
		switch name {
		case "cursor", "limit", "sort":
			return nil, domain.Invalid("filter."+name, "unknown_parameter", "filter.%s is not a filter; bulk pages by itself", name)
		}
		raw = bytes.TrimSpace(raw)
		var s string
		var list []string
		switch {
		case json.Unmarshal(raw, &s) == nil:
			out[name] = []string{s}
		case json.Unmarshal(raw, &list) == nil:
			out[name] = list
		case string(raw) == "true" || string(raw) == "false":
			out[name] = []string{string(raw)}
		default:
			return nil, domain.Invalid("filter."+name, "invalid_filter", "filter.%s must be a string, a boolean or a list of strings", name)
		}
	}
	return out, nil
}
