package conversation

import (
	"time"

	"github.com/parley-inbox/parley/domain"
)

// Command is a request to change a conversation. Each command struct carries
// the fields of its HTTP body (snake_case JSON); Validate checks them without
// looking at the state and names the offending JSON field.
type Command interface {
	CommandType() string
	Validate() *domain.Error
}

// OpenConversation opens the conversation. A customer-initiated open carries
// the first inbound message; an agent-initiated one may carry a first
// outbound message, which on WhatsApp must be a template.
type OpenConversation struct {
	InboxID       string          `json:"inbox_id"`
	Channel       Channel         `json:"channel"`
	ContactID     string          `json:"contact_id"`
	Subject       string          `json:"subject,omitempty"`
	BotID         string          `json:"bot_id,omitempty"` // a bot owns the conversation first: it starts pending
	FirstInbound  *ReceiveMessage `json:"first_inbound,omitempty"`
	FirstOutbound *SendMessage    `json:"first_outbound,omitempty"`
}

// Close ends the current session.
type Close struct {
	Reason string `json:"reason,omitempty"`
}

// Reopen opens a closed or snoozed conversation again, starting a new session.
type Reopen struct{}

// Snooze puts the conversation to sleep until a time after now.
type Snooze struct {
	Until time.Time `json:"until"`
}

// HandOff moves a bot-owned (pending) conversation to humans.
type HandOff struct {
	Reason string `json:"reason,omitempty"`
	TeamID string `json:"team_id,omitempty"`
}

// SetPriority changes the conversation's priority.
type SetPriority struct {
	Priority Priority `json:"priority"`
}

// CommandType implementations.
func (OpenConversation) CommandType() string { return "conversation.open" }
func (Close) CommandType() string            { return "conversation.close" }
func (Reopen) CommandType() string           { return "conversation.reopen" }
func (Snooze) CommandType() string           { return "conversation.snooze" }
func (HandOff) CommandType() string          { return "conversation.hand_off" }
func (SetPriority) CommandType() string      { return "conversation.set_priority" }
