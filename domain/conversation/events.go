package conversation

import "time"

// Event types of a conversation stream.
const (
	TypeOpened                   = "conversation.opened"
	TypeSessionStarted           = "conversation.session_started"
	TypeMessageReceived          = "conversation.message_received"
	TypeMessageSent              = "conversation.message_sent"
	TypeDeliveryStatusRecorded   = "conversation.delivery_status_recorded"
	TypeNoteAdded                = "conversation.note_added"
	TypeAssigned                 = "conversation.assigned"
	TypeTeamAssigned             = "conversation.team_assigned"
	TypeUnassigned               = "conversation.unassigned"
	TypeAccepted                 = "conversation.accepted"
	TypeTagApplied               = "conversation.tag_applied"
	TypeTagRemoved               = "conversation.tag_removed"
	TypeClosed                   = "conversation.closed"
	TypeReopened                 = "conversation.reopened"
	TypeSnoozed                  = "conversation.snoozed"
	TypePrioritySet              = "conversation.priority_set"
	TypeReadByAgent              = "conversation.read_by_agent"
	TypeReferenceLinked          = "conversation.reference_linked"
	TypeReferenceUnlinked        = "conversation.reference_unlinked"
	TypeIntegrationEventRecorded = "conversation.integration_event_recorded"
	TypeHandedOff                = "conversation.handed_off"
	TypeTranscriptionAdded       = "conversation.transcription_added"
	TypeSummaryAdded             = "conversation.summary_added"
)

// Opened: the conversation exists. InitiatedBy is "contact" (first inbound
// message) or "agent" (agent- or API-initiated). A bot-owned conversation
// starts pending.
type Opened struct {
	InboxID     string  `json:"inbox_id"`
	Channel     Channel `json:"channel"`
	ContactID   string  `json:"contact_id"`
	Subject     string  `json:"subject,omitempty"`
	InitiatedBy string  `json:"initiated_by"`
	BotID       string  `json:"bot_id,omitempty"`
}

// SessionStarted: a new session began (1 with the opening, then one per
// reopening).
type SessionStarted struct {
	Session   int       `json:"session"`
	StartedAt time.Time `json:"started_at"`
}

// Closed: the current session ended.
type Closed struct {
	Session int    `json:"session"`
	Reason  string `json:"reason,omitempty"`
}

// Reopened: a closed or snoozed conversation is open again. Trigger is
// "agent" (the reopen command) or "inbound_message".
type Reopened struct {
	From    Status `json:"from"`
	Trigger string `json:"trigger"`
	Session int    `json:"session"` // the session the reopening starts
}

// Snoozed: the conversation sleeps until Until.
type Snoozed struct {
	Until time.Time `json:"until"`
}

// HandedOff: a bot handed the conversation to humans; it is open now.
type HandedOff struct {
	BotID  string `json:"bot_id,omitempty"`
	Reason string `json:"reason,omitempty"`
	TeamID string `json:"team_id,omitempty"`
}

// EventType implementations.
func (Opened) EventType() string         { return TypeOpened }
func (SessionStarted) EventType() string { return TypeSessionStarted }
func (Closed) EventType() string         { return TypeClosed }
func (Reopened) EventType() string       { return TypeReopened }
func (Snoozed) EventType() string        { return TypeSnoozed }
func (HandedOff) EventType() string      { return TypeHandedOff }
