package conversation

import "time"

// MessageReceived (v2): an inbound message. v1 carried a flat media_url that
// v2 moved into media.url.
type MessageReceived struct {
	MessageID         string       `json:"message_id"`
	Type              MessageType  `json:"type"`
	Text              string       `json:"text,omitempty"`
	Media             *Media       `json:"media,omitempty"`
	Location          *Location    `json:"location,omitempty"`
	Contact           *ContactCard `json:"contact,omitempty"`
	Product           *Product     `json:"product,omitempty"`
	Interactive       *Interactive `json:"interactive,omitempty"`
	ProviderMessageID string       `json:"provider_message_id,omitempty"`
	Referral          *Referral    `json:"referral,omitempty"`
	SentAt            time.Time    `json:"sent_at"`
	ReceivedAt        time.Time    `json:"received_at"`
	Session           int          `json:"session"`
}

// MessageSent: an agent's (or bot's) outbound message, queued for delivery.
// Reaction and Catalog were added to v1 as optional fields: every earlier
// payload decodes unchanged, so no new version (nor upcaster) is needed.
type MessageSent struct {
	MessageID    string       `json:"message_id"`
	Kind         OutboundKind `json:"kind"`
	Text         string       `json:"text,omitempty"`
	Media        *Media       `json:"media,omitempty"`
	QuickReplyID string       `json:"quick_reply_id,omitempty"`
	Template     *Template    `json:"template,omitempty"`
	Reaction     *Reaction    `json:"reaction,omitempty"`
	Catalog      *Catalog     `json:"catalog,omitempty"`
	Session      int          `json:"session"`
}

// DeliveryStatusRecorded: the provider reported a new status of an
// outbound message.
type DeliveryStatusRecorded struct {
	MessageID string         `json:"message_id"`
	Status    DeliveryStatus `json:"status"`
	Reason    string         `json:"reason,omitempty"`
	ErrorCode string         `json:"error_code,omitempty"`
	At        time.Time      `json:"at"`
}

// NoteAdded: an internal note, never sent to the contact.
type NoteAdded struct {
	NoteID   string   `json:"note_id"`
	Text     string   `json:"text"`
	Mentions []string `json:"mentions,omitempty"`
}

// ReadByAgent: an agent read the conversation up to a message.
type ReadByAgent struct {
	AgentID       string `json:"agent_id"`
	UpToMessageID string `json:"up_to_message_id"`
}

// TranscriptionAdded: the text of an audio message.
type TranscriptionAdded struct {
	MessageID string `json:"message_id"`
	Text      string `json:"text"`
	Language  string `json:"language,omitempty"`
}

// SummaryAdded: a summary of the conversation (or of a session).
type SummaryAdded struct {
	SummaryID string `json:"summary_id"`
	Text      string `json:"text"`
	Session   int    `json:"session"`
}

// IntegrationEventRecorded: something an integration (CRM, bot, external
// system) reported about the conversation, shown in the timeline.
type IntegrationEventRecorded struct {
	Source  string         `json:"source"`
	Name    string         `json:"name"`
	Payload map[string]any `json:"payload,omitempty"`
}

// EventType implementations.
func (MessageReceived) EventType() string          { return TypeMessageReceived }
func (MessageSent) EventType() string              { return TypeMessageSent }
func (DeliveryStatusRecorded) EventType() string   { return TypeDeliveryStatusRecorded }
func (NoteAdded) EventType() string                { return TypeNoteAdded }
func (ReadByAgent) EventType() string              { return TypeReadByAgent }
func (TranscriptionAdded) EventType() string       { return TypeTranscriptionAdded }
func (SummaryAdded) EventType() string             { return TypeSummaryAdded }
func (IntegrationEventRecorded) EventType() string { return TypeIntegrationEventRecorded }
