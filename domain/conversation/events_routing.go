package conversation

// AssignReason says why a conversation was assigned to an agent.
type AssignReason string

// Assignment reasons.
const (
	ReasonManual      AssignReason = "manual"
	ReasonRoundRobin  AssignReason = "round_robin"
	ReasonLastAgent   AssignReason = "last_agent"
	ReasonRule        AssignReason = "rule"
	ReasonLoadBalance AssignReason = "load_balance"
)

// ReferenceKind is the kind of external record a conversation links to.
type ReferenceKind string

// Reference kinds.
const (
	RefDeal   ReferenceKind = "deal"
	RefTask   ReferenceKind = "task"
	RefTicket ReferenceKind = "ticket"
)

// Assigned (v2): the conversation has a (new) assignee, with why. v1 had no
// reason (it upcasts to "manual") and no explanation fields.
type Assigned struct {
	AgentID         string       `json:"agent_id"`
	PreviousAgentID string       `json:"previous_agent_id,omitempty"`
	Reason          AssignReason `json:"reason"`
	Policy          string       `json:"policy,omitempty"`
	RuleID          string       `json:"rule_id,omitempty"`
	Candidates      []string     `json:"candidates,omitempty"`
}

// TeamAssigned: the conversation belongs to a team.
type TeamAssigned struct {
	TeamID         string `json:"team_id"`
	PreviousTeamID string `json:"previous_team_id,omitempty"`
}

// Unassigned: the conversation has no assignee any more.
type Unassigned struct {
	PreviousAgentID string `json:"previous_agent_id"`
}

// Accepted: the assignee took the conversation.
type Accepted struct {
	AgentID string `json:"agent_id"`
}

// TagApplied: a tag was added, in its display case.
type TagApplied struct {
	Tag string `json:"tag"`
}

// TagRemoved: a tag was removed; Tag is the stored display case.
type TagRemoved struct {
	Tag string `json:"tag"`
}

// PrioritySet: the conversation's priority changed.
type PrioritySet struct {
	Priority Priority `json:"priority"`
	Previous Priority `json:"previous"`
}

// ReferenceLinked: an external record was linked.
type ReferenceLinked struct {
	Kind       ReferenceKind `json:"kind"`
	ExternalID string        `json:"external_id"`
	URL        string        `json:"url,omitempty"`
}

// ReferenceUnlinked: an external record was unlinked.
type ReferenceUnlinked struct {
	Kind       ReferenceKind `json:"kind"`
	ExternalID string        `json:"external_id"`
}

// EventType implementations.
func (Assigned) EventType() string          { return TypeAssigned }
func (TeamAssigned) EventType() string      { return TypeTeamAssigned }
func (Unassigned) EventType() string        { return TypeUnassigned }
func (Accepted) EventType() string          { return TypeAccepted }
func (TagApplied) EventType() string        { return TypeTagApplied }
func (TagRemoved) EventType() string        { return TypeTagRemoved }
func (PrioritySet) EventType() string       { return TypePrioritySet }
func (ReferenceLinked) EventType() string   { return TypeReferenceLinked }
func (ReferenceUnlinked) EventType() string { return TypeReferenceUnlinked }
