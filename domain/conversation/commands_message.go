package conversation

import "time"

// ReceiveMessage records an inbound message from the contact.
type ReceiveMessage struct {
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
}

// SendMessage records an agent's reply, to be delivered by the channel.
type SendMessage struct {
	MessageID    string       `json:"message_id"`
	Kind         OutboundKind `json:"kind"`
	Text         string       `json:"text,omitempty"`
	Media        *Media       `json:"media,omitempty"`
	QuickReplyID string       `json:"quick_reply_id,omitempty"`
	Template     *Template    `json:"template,omitempty"`
	Reaction     *Reaction    `json:"reaction,omitempty"`
	Catalog      *Catalog     `json:"catalog,omitempty"`
}

// RecordDeliveryStatus records a provider's delivery report.
type RecordDeliveryStatus struct {
	MessageID string         `json:"message_id"`
	Status    DeliveryStatus `json:"status"`
	Reason    string         `json:"reason,omitempty"`
	ErrorCode string         `json:"error_code,omitempty"`
}

// AddNote adds an internal note. KnownAgents is not part of the body: the
// handler fills it with the account's agent ids, and every mention must be
// one of them.
type AddNote struct {
	NoteID      string   `json:"note_id"`
	Text        string   `json:"text"`
	Mentions    []string `json:"mentions,omitempty"`
	KnownAgents []string `json:"-"`
}

// MarkRead records that the acting agent read up to a message.
type MarkRead struct {
	UpToMessageID string `json:"up_to_message_id"`
}

// AddTranscription attaches the text of an audio message.
type AddTranscription struct {
	MessageID string `json:"message_id"`
	Text      string `json:"text"`
	Language  string `json:"language,omitempty"`
}

// AddSummary attaches a summary of the current session.
type AddSummary struct {
	SummaryID string `json:"summary_id"`
	Text      string `json:"text"`
}

// RecordIntegrationEvent records what an integration reported.
type RecordIntegrationEvent struct {
	Source  string         `json:"source"` // crm, bot, external
	Name    string         `json:"name"`
	Payload map[string]any `json:"payload,omitempty"`
}

// CommandType implementations.
func (ReceiveMessage) CommandType() string         { return "conversation.receive_message" }
func (SendMessage) CommandType() string            { return "conversation.send_message" }
func (RecordDeliveryStatus) CommandType() string   { return "conversation.record_delivery_status" }
func (AddNote) CommandType() string                { return "conversation.add_note" }
func (MarkRead) CommandType() string               { return "conversation.mark_read" }
func (AddTranscription) CommandType() string       { return "conversation.add_transcription" }
func (AddSummary) CommandType() string             { return "conversation.add_summary" }
func (RecordIntegrationEvent) CommandType() string { return "conversation.record_integration_event" }
