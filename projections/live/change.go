package live

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// Kinds of change, the SSE event names of the live stream.
const (
	// KindConversationUpdated: a conversation's state or list row changed.
	KindConversationUpdated = "conversation.updated"
	// KindTimelineEntry: a conversation's timeline got an entry (a message,
	// a note, a delivery status, ...); its list row changed too.
	KindTimelineEntry = "timeline.entry"
	// KindContactUpdated: a contact changed.
	KindContactUpdated = "contact.updated"
)

// PreviewRunes bounds the text preview carried by a change.
const PreviewRunes = 140

// Change is one row of the live feed.
type Change struct {
	Seq            uint64
	AccountID      string
	ConversationID string // set for conversation changes
	ContactID      string // set for contact changes
	Kind           string
	EventType      string
	Stream         string
	Position       uint64
	StreamRevision uint64
	Payload        json.RawMessage // a Summary
	CreatedAt      time.Time
}

// Summary is the small payload of a change: enough for a toast or a list
// badge, never a contact's personal data.
type Summary struct {
	Type       string           `json:"type"`
	Actor      eventstore.Actor `json:"actor"`
	OccurredAt time.Time        `json:"occurred_at"`
	MessageID  string           `json:"message_id,omitempty"`
	Preview    string           `json:"preview,omitempty"`
	Status     string           `json:"status,omitempty"`
}

// isTimeline says whether a conversation event adds a timeline entry.
func isTimeline(eventType string) bool {
	switch eventType {
	case conversation.TypeMessageReceived, conversation.TypeMessageSent, conversation.TypeNoteAdded,
		conversation.TypeDeliveryStatusRecorded, conversation.TypeTranscriptionAdded,
		conversation.TypeSummaryAdded, conversation.TypeIntegrationEventRecorded:
		return true
	}
	return false
}

// handles says whether the live feed carries events of this type.
func handles(eventType string) bool {
	return strings.HasPrefix(eventType, "conversation.") || strings.HasPrefix(eventType, "contact.")
}

// changeOf builds the change row for ev (Seq and CreatedAt are set by the
// database); ok is false for an event outside a conversation or contact
// stream.
func changeOf(ev eventstore.RecordedEvent) (Change, bool) {
	ch := Change{AccountID: ev.Metadata.AccountID, EventType: ev.Type, Stream: ev.Stream,
		Position: ev.Position, StreamRevision: ev.Revision}
	switch {
	case strings.HasPrefix(ev.Type, "conversation."):
		id, ok := conversation.IDFromStream(ev.Stream)
		if !ok {
			return ch, false
		}
		ch.ConversationID, ch.Kind = id, KindConversationUpdated
		if isTimeline(ev.Type) {
			ch.Kind = KindTimelineEntry
		}
	case strings.HasPrefix(ev.Type, "contact."):
		id, ok := contact.IDFromStream(ev.Stream)
		if !ok {
			return ch, false
		}
		ch.ContactID, ch.Kind = id, KindContactUpdated
	default:
		return ch, false
	}
	ch.Payload = summarize(ev, ch.Kind == KindTimelineEntry)
	return ch, true
}

// summarize reads the few fields a summary needs straight from the JSON
// payload of any schema version; a payload it cannot read gives a summary
// without them, never an error: the feed must not halt on a display detail.
func summarize(ev eventstore.RecordedEvent, timeline bool) json.RawMessage {
	s := Summary{Type: ev.Type, Actor: ev.Metadata.Actor, OccurredAt: ev.Metadata.OccurredAt}
	if timeline {
		var d struct {
			MessageID string `json:"message_id"`
			Text      string `json:"text"`
			Status    string `json:"status"`
		}
		if json.Unmarshal(ev.Data, &d) == nil {
			s.MessageID, s.Preview, s.Status = d.MessageID, preview(d.Text), d.Status
		}
	}
	b, err := json.Marshal(s)
	if err != nil { // only a time outside years 0-9999 fails; keep the rest
		s.OccurredAt = time.Time{}
		b, _ = json.Marshal(s)
	}
	return b
}

// preview is the first PreviewRunes runes of text, on one line.
func preview(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= PreviewRunes {
		return text
	}
	r := []rune(text)
	return string(r[:PreviewRunes-1]) + "…"
}
