package assignment

import "time"

// Type is how a policy picks an agent.
type Type string

// Policy types.
const (
	TypeRoundRobin Type = "round_robin"
	TypeLastAgent  Type = "last_agent"
	TypeManual     Type = "manual" // no automatic assignment in this inbox
)

// Policy says how the conversations of one inbox (or, with no inbox, of
// every inbox without a policy of its own) are distributed.
type Policy struct {
	ID      string `json:"id"`
	Name    string `json:"name,omitempty"`
	InboxID string `json:"inbox_id,omitempty"` // "" is the account's default policy
	Type    Type   `json:"assignment_type"`
	// GroupID restricts the candidates to one team's members.
	GroupID          string `json:"group_id,omitempty"`
	BalanceLoad      bool   `json:"balance_load"`
	OnlyOnlineAgents bool   `json:"only_online_agents"`
	// Capacity overrides the account's default capacity for this inbox;
	// 0 keeps the default.
	Capacity int `json:"capacity,omitempty"`
}

// ActionType is what a matching rule does.
type ActionType string

// Rule actions.
const (
	ActionAssignTeam  ActionType = "assign_team"
	ActionAssignAgent ActionType = "assign_agent"
	ActionLeave       ActionType = "leave_unassigned"
)

// Action is a rule's routing.
type Action struct {
	Type    ActionType `json:"type"`
	TeamID  string     `json:"team_id,omitempty"`
	AgentID string     `json:"agent_id,omitempty"`
}

// Window is one weekly opening window, in the rule's time zone: From and To
// are "HH:MM" (To exclusive; "24:00" is the end of the day).
type Window struct {
	Day  time.Weekday `json:"day"`
	From string       `json:"from"`
	To   string       `json:"to"`
}

// BusinessHours matches while now is inside one of the windows (or, with
// Outside, while it is not).
type BusinessHours struct {
	TimeZone string   `json:"time_zone"`
	Windows  []Window `json:"windows"`
	Outside  bool     `json:"outside,omitempty"`
}

// Conditions of a rule; every set condition must hold. Within a list, any
// entry matches. Texts compare case-insensitively.
type Conditions struct {
	Channels      []string          `json:"channels,omitempty"`
	Inboxes       []string          `json:"inboxes,omitempty"`
	Tags          []string          `json:"tags,omitempty"`
	ContactFields map[string]string `json:"contact_fields,omitempty"`
	Keywords      []string          `json:"keywords,omitempty"`
	BusinessHours *BusinessHours    `json:"business_hours,omitempty"`
}

// Rule routes the conversations it matches.
type Rule struct {
	ID         string     `json:"id"`
	Name       string     `json:"name,omitempty"`
	Conditions Conditions `json:"conditions"`
	Action     Action     `json:"action"`
}

// Settings are the account-wide assignment settings.
type Settings struct {
	// DefaultCapacity bounds each agent's open conversations; 0 is unlimited.
	DefaultCapacity int `json:"default_capacity"`
	// GraceSeconds is how long an offline agent keeps their conversations
	// before they are redistributed.
	GraceSeconds int `json:"grace_seconds"`
	// RequireFreshView rejects a reply from an agent whose view of the
	// conversation is older than its latest customer message.
	RequireFreshView bool `json:"require_fresh_view"`
}

// DefaultGrace is the grace period of an account that has not set one.
const DefaultGrace = 5 * time.Minute

// Grace is the grace period the settings give.
func (s Settings) Grace() time.Duration {
	if s.GraceSeconds <= 0 {
		return DefaultGrace
	}
	return time.Duration(s.GraceSeconds) * time.Second
}
