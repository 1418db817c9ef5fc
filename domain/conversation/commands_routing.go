package conversation

// AssignAgent assigns the conversation to an agent, saying why.
type AssignAgent struct {
	AgentID    string       `json:"agent_id"`
	Reason     AssignReason `json:"reason"`
	Policy     string       `json:"policy,omitempty"`
	RuleID     string       `json:"rule_id,omitempty"`
	Candidates []string     `json:"candidates,omitempty"`
}

// AssignTeam gives the conversation to a team.
type AssignTeam struct {
	TeamID string `json:"team_id"`
}

// Unassign removes the assigned agent.
type Unassign struct{}

// Accept: the acting agent takes the conversation. An unassigned
// conversation is assigned to them.
type Accept struct{}

// ApplyTag adds a tag (a no-op if present in any case).
type ApplyTag struct {
	Tag string `json:"tag"`
}

// RemoveTag removes a tag, compared case-insensitively (a no-op if absent).
type RemoveTag struct {
	Tag string `json:"tag"`
}

// LinkReference links an external record.
type LinkReference struct {
	Kind       ReferenceKind `json:"kind"`
	ExternalID string        `json:"external_id"`
	URL        string        `json:"url,omitempty"`
}

// UnlinkReference unlinks an external record.
type UnlinkReference struct {
	Kind       ReferenceKind `json:"kind"`
	ExternalID string        `json:"external_id"`
}

// CommandType implementations.
func (AssignAgent) CommandType() string     { return "conversation.assign_agent" }
func (AssignTeam) CommandType() string      { return "conversation.assign_team" }
func (Unassign) CommandType() string        { return "conversation.unassign" }
func (Accept) CommandType() string          { return "conversation.accept" }
func (ApplyTag) CommandType() string        { return "conversation.apply_tag" }
func (RemoveTag) CommandType() string       { return "conversation.remove_tag" }
func (LinkReference) CommandType() string   { return "conversation.link_reference" }
func (UnlinkReference) CommandType() string { return "conversation.unlink_reference" }
