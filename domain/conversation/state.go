package conversation

import (
	"maps"
	"slices"
	"time"
)

// Status is where a conversation is in its life.
type Status string

// Conversation statuses; the zero Status means the stream does not exist.
const (
	StatusOpen    Status = "open"
	StatusPending Status = "pending" // bot-owned or waiting
	StatusSnoozed Status = "snoozed"
	StatusClosed  Status = "closed"
)

// Channel is the messaging network a conversation runs on.
type Channel string

// The supported channels.
const (
	ChannelWhatsApp  Channel = "whatsapp"
	ChannelInstagram Channel = "instagram"
	ChannelMessenger Channel = "messenger"
	ChannelTelegram  Channel = "telegram"
	ChannelSMS       Channel = "sms"
	ChannelEmail     Channel = "email"
)

// Priority of a conversation.
type Priority string

// Priorities, lowest first.
const (
	PriorityNone   Priority = "none"
	PriorityLow    Priority = "low"
	PriorityMedium Priority = "medium"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

// Direction of a message.
type Direction string

// Inbound messages come from the contact; outbound ones go to them.
const (
	Inbound  Direction = "inbound"
	Outbound Direction = "outbound"
)

// MessageState is what the aggregate remembers of one message: enough to
// enforce delivery ordering, read marks and transcriptions.
type MessageState struct {
	Direction   Direction
	Type        MessageType // inbound type; "" for outbound
	Kind        OutboundKind
	Status      DeliveryStatus // outbound only
	Seq         int            // 1-based order of the message in the conversation
	Transcribed bool
	// ProviderMessageID is the channel's id of an inbound message (what a
	// reaction names).
	ProviderMessageID string
}

// Reference is a link from the conversation to an external record.
type Reference struct {
	Kind       ReferenceKind `json:"kind"`
	ExternalID string        `json:"external_id"`
	URL        string        `json:"url,omitempty"`
}

// State is a conversation folded from its events. The zero value means the
// stream does not exist. Revision bookkeeping belongs to the store.
type State struct {
	Status           Status
	Channel          Channel
	InboxID          string
	ContactID        string
	Subject          string
	Session          int       // current session number, from 1
	SessionStartedAt time.Time // when the current session started
	AssigneeID       string
	Accepted         bool // the assignee accepted the conversation
	TeamID           string
	Tags             []string // display case, unique case-insensitively
	Priority         Priority
	SnoozedUntil     time.Time
	LastInboundAt    time.Time
	Messages         map[string]MessageState
	Notes            map[string]bool
	Summaries        map[string]bool
	ReadUpTo         map[string]int // agent id -> Seq of the last message read
	References       []Reference
	BotOwned         bool
	BotID            string
}

// Exists reports whether the conversation has been opened.
func (s State) Exists() bool { return s.Status != "" }

// Clone returns a deep copy; Evolve updates the maps and slices of the state
// it is given, so keep a Clone if you need the state before an event.
func (s State) Clone() State {
	c := s
	c.Tags = slices.Clone(s.Tags)
	c.Messages = maps.Clone(s.Messages)
	c.Notes = maps.Clone(s.Notes)
	c.Summaries = maps.Clone(s.Summaries)
	c.ReadUpTo = maps.Clone(s.ReadUpTo)
	c.References = slices.Clone(s.References)
	return c
}

// WhatsAppWindow is how long after the customer's last inbound message a
// WhatsApp conversation accepts free-form agent messages.
const WhatsAppWindow = 24 * time.Hour

// WindowOpen reports whether free-form outbound messages are allowed at now
// (always true outside WhatsApp), and when the window closes or closed.
func (s State) WindowOpen(now time.Time) (bool, time.Time) {
	if s.Channel != ChannelWhatsApp {
		return true, time.Time{}
	}
	if s.LastInboundAt.IsZero() {
		return false, time.Time{}
	}
	closes := s.LastInboundAt.Add(WhatsAppWindow)
	return now.Before(closes), closes
}

// StreamName is the event stream of conversation id.
func StreamName(id string) string { return streamPrefix + id }

// IDFromStream returns the conversation id of a stream name.
func IDFromStream(stream string) (string, bool) {
	if len(stream) <= len(streamPrefix) || stream[:len(streamPrefix)] != streamPrefix {
		return "", false
	}
	return stream[len(streamPrefix):], true
}

const streamPrefix = "conversation-"

func findReference(refs []Reference, kind ReferenceKind, externalID string) int {
	return slices.IndexFunc(refs, func(r Reference) bool { return r.Kind == kind && r.ExternalID == externalID })
}
