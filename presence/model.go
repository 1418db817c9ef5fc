package presence

import (
	"time"

	"github.com/parley-inbox/parley/domain"
)

// Status is an agent's presence.
type Status string

// Presence statuses. Away agents keep their conversations but take no new
// ones.
const (
	Online  Status = "online"
	Away    Status = "away"
	Offline Status = "offline"
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return s == Online || s == Away || s == Offline }

// Agent is one agent's presence.
type Agent struct {
	AccountID string    `json:"account_id"`
	AgentID   string    `json:"agent_id"`
	Status    Status    `json:"status"`
	Hidden    bool      `json:"hidden,omitempty"`
	Since     time.Time `json:"since"`     // when the status began
	LastSeen  time.Time `json:"last_seen"` // the latest heartbeat
}

// Kind is a per-conversation signal.
type Kind string

// Signal kinds.
const (
	Viewing   Kind = "viewing"
	Typing    Kind = "typing"
	Recording Kind = "recording"
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == Viewing || k == Typing || k == Recording }

// Signal is someone viewing, typing or recording in a conversation, until
// Expires.
type Signal struct {
	AccountID      string       `json:"account_id"`
	ConversationID string       `json:"conversation_id"`
	Kind           Kind         `json:"kind"`
	Who            domain.Actor `json:"who"`
	Hidden         bool         `json:"hidden,omitempty"`
	// UpTo (viewing): when the newest customer message on the viewer's
	// screen was received. Without it the viewer's screen follows the live
	// stream: while the signal lasts, what arrives is on screen.
	UpTo    time.Time `json:"up_to,omitzero"`
	Expires time.Time `json:"expires"`
}

// Change is one presence or signal change, as subscribers receive it.
// Exactly one of Agent and Signal is set; Ended says a signal stopped.
type Change struct {
	AccountID string  `json:"-"`
	Agent     *Agent  `json:"agent,omitempty"`
	Signal    *Signal `json:"signal,omitempty"`
	Ended     bool    `json:"ended,omitempty"`
	quiet     bool    // a repetition (a heartbeat, a repeated signal): nothing to tell
}

type agentKey struct{ account, agent string }

type signalKey struct {
	account, conversation string
	kind                  Kind
	who                   domain.Actor
}

type viewKey struct{ account, conversation, agent string }

// view is how far an agent has looked at a conversation: up to upTo (what
// their viewing signals said was on screen), and, for a screen following
// the live stream (signals without up_to), everything that arrived until
// liveUntil; at is when the latest signal lapses.
type view struct {
	upTo, liveUntil, at time.Time
}
