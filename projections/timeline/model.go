package timeline

import "time"

// Entry kinds.
const (
	KindMessage       = "message"
	KindNote          = "note"
	KindTag           = "tag"
	KindAssignment    = "assignment"
	KindStatus        = "status"
	KindSession       = "session"
	KindSnooze        = "snooze"
	KindBot           = "bot"
	KindIntegration   = "integration"
	KindTranscription = "transcription"
	KindSummary       = "summary"
	KindPriority      = "priority"
	KindReference     = "reference"
	// KindContact is the kind of contact search hits (never an entry).
	KindContact = "contact"
)

// EntryKinds lists the kinds a timeline entry can have.
var EntryKinds = []string{KindMessage, KindNote, KindTag, KindAssignment, KindStatus, KindSession,
	KindSnooze, KindBot, KindIntegration, KindTranscription, KindSummary, KindPriority, KindReference}

// Entry is one line of a conversation's timeline; every event makes at most
// one, so Position orders a timeline. A message's entry also carries its
// delivery history and, for the first message, the ad that brought the
// customer (Source, AdID, Name = headline). Times are UTC, truncated
// to the millisecond (the precision both engines sort and filter on).
type Entry struct {
	ID             string     `json:"id"`
	AccountID      string     `json:"account_id"`
	ConversationID string     `json:"conversation_id"`
	ContactID      string     `json:"contact_id,omitempty"`
	Channel        string     `json:"channel,omitempty"`
	InboxID        string     `json:"inbox_id,omitempty"`
	Kind           string     `json:"kind"`
	EventType      string     `json:"event_type"`
	Position       uint64     `json:"position"` // global position of the event that created it
	At             time.Time  `json:"at"`
	ActorKind      string     `json:"actor_kind"`
	ActorID        string     `json:"actor_id"`
	Session        int        `json:"session,omitempty"`
	Direction      string     `json:"direction,omitempty"`
	MessageID      string     `json:"message_id,omitempty"`
	MessageType    string     `json:"message_type,omitempty"`
	MediaKind      string     `json:"media_kind,omitempty"`
	Text           string     `json:"text,omitempty"`
	DeliveryStatus string     `json:"delivery_status,omitempty"`
	Deliveries     []Delivery `json:"deliveries,omitempty"`
	Mentions       []string   `json:"mentions,omitempty"`
	Tag            string     `json:"tag,omitempty"`
	AgentID        string     `json:"agent_id,omitempty"`
	TeamID         string     `json:"team_id,omitempty"`
	Reason         string     `json:"reason,omitempty"`
	Status         string     `json:"status,omitempty"`
	Until          *time.Time `json:"until,omitempty"`
	Source         string     `json:"source,omitempty"`
	Name           string     `json:"name,omitempty"`
	Language       string     `json:"language,omitempty"`
	AdID           string     `json:"ad_id,omitempty"`
	Version        uint64     `json:"version"`
}

// Delivery is one provider report on an outbound message.
type Delivery struct {
	Status string    `json:"status"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason,omitempty"`
}

// Session is the analyst fact document of one conversation session.
type Session struct {
	ID                   string     `json:"id"`
	AccountID            string     `json:"account_id"`
	ConversationID       string     `json:"conversation_id"`
	ContactID            string     `json:"contact_id,omitempty"`
	Channel              string     `json:"channel,omitempty"`
	InboxID              string     `json:"inbox_id,omitempty"`
	Session              int        `json:"session"`
	Status               string     `json:"status"`
	TeamID               string     `json:"team_id,omitempty"`
	AssigneeID           string     `json:"assignee_id,omitempty"`
	Assignees            []string   `json:"assignees,omitempty"`
	Tags                 []string   `json:"tags,omitempty"` // lower case
	OpenedAt             time.Time  `json:"opened_at"`
	FirstResponseAt      *time.Time `json:"first_response_at,omitempty"`
	ClosedAt             *time.Time `json:"closed_at,omitempty"`
	FirstResponseSeconds *float64   `json:"first_response_seconds,omitempty"`
	ResolutionSeconds    *float64   `json:"resolution_seconds,omitempty"`
	AgentMessages        int        `json:"agent_messages"`
	CustomerMessages     int        `json:"customer_messages"`
	Reopened             bool       `json:"reopened"`             // this session began with a reopening
	ReopenedAfterClose   bool       `json:"reopened_after_close"` // closed, then reopened later
	BotHandled           bool       `json:"bot_handled"`
	HandedOff            bool       `json:"handed_off"`
	AdSource             string     `json:"ad_source,omitempty"`
	Version              uint64     `json:"version"`
}

// Conversation is the projection's state of one conversation: what later
// events need (its immutable context, current session, tags) and what the
// search tag filter reads.
type Conversation struct {
	ID         string    `json:"id"`
	AccountID  string    `json:"account_id"`
	ContactID  string    `json:"contact_id,omitempty"`
	Channel    string    `json:"channel,omitempty"`
	InboxID    string    `json:"inbox_id,omitempty"`
	BotID      string    `json:"bot_id,omitempty"`
	Status     string    `json:"status"`
	Session    int       `json:"session"`
	TeamID     string    `json:"team_id,omitempty"`
	AssigneeID string    `json:"assignee_id,omitempty"`
	Tags       []string  `json:"tags,omitempty"` // lower case
	Reopens    int       `json:"reopens"`
	AdSource   string    `json:"ad_source,omitempty"`
	OpenedAt   time.Time `json:"opened_at"`
	Version    uint64    `json:"version"`
}

// Contact is a searchable contact. Phone numbers are never stored: only
// their last digits and a keyed hash (see PhoneHasher).
type Contact struct {
	ID          string    `json:"id"`
	AccountID   string    `json:"account_id"`
	DisplayName string    `json:"display_name,omitempty"`
	Tags        []string  `json:"tags,omitempty"` // lower case
	PhoneLast4  []string  `json:"phone_last4,omitempty"`
	PhoneHashes []string  `json:"phone_hashes,omitempty"`
	MergedInto  string    `json:"merged_into,omitempty"`
	At          time.Time `json:"at"` // last change
	Version     uint64    `json:"version"`
}
