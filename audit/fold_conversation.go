package audit

import (
	"slices"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/query"
)

// convFold folds a conversation stream into the live view's row, the way
// projections/inbox does (evolveConv); TestAsOfLatestEqualsLiveView keeps
// the two in step.
type convFold struct {
	c        query.Conversation
	contact  string
	inbound  int
	upTo     map[string]int // message id -> inbound messages up to it
	read     map[string]int // agent id -> inbound messages read
	messages []MessageAt
	notes    []NoteAt
	byID     map[string]int // message id -> index in messages
}

// MessageAt is a message as it stood at the point folded to.
type MessageAt struct {
	ID        string           `json:"id"`
	Direction string           `json:"direction"`
	Kind      string           `json:"kind"`
	Text      string           `json:"text,omitempty"`
	Status    string           `json:"status,omitempty"` // outbound delivery status
	At        time.Time        `json:"at"`
	Actor     eventstore.Actor `json:"actor"`
	Session   int              `json:"session"`
}

// NoteAt is an internal note written before the point folded to.
type NoteAt struct {
	ID    string           `json:"id"`
	Text  string           `json:"text"`
	At    time.Time        `json:"at"`
	Actor eventstore.Actor `json:"actor"`
}

func newConvFold(id string) *convFold {
	return &convFold{c: query.Conversation{ID: id, Tags: []string{}, Priority: "none"},
		upTo: map[string]int{}, read: map[string]int{}, byID: map[string]int{}}
}

func (f *convFold) apply(ev eventstore.RecordedEvent, e domain.Event) {
	c := &f.c
	at := micro(ev.Metadata.OccurredAt)
	activity := true
	switch e := e.(type) {
	case conversation.Opened:
		c.InboxID, c.Channel, c.Subject, f.contact = e.InboxID, string(e.Channel), e.Subject, e.ContactID
		c.Contact.ID, c.Status, c.CreatedAt = e.ContactID, string(conversation.StatusOpen), at
		if e.BotID != "" {
			c.Status = string(conversation.StatusPending)
		}
	case conversation.SessionStarted:
		c.Session = e.Session
	case conversation.Closed:
		c.Status, c.SnoozedUntil, c.ClosedAt, c.WaitingSince = string(conversation.StatusClosed), nil, &at, nil
		if c.ResolvedAt == nil {
			c.ResolvedAt = &at
		}
	case conversation.Reopened:
		c.Status, c.SnoozedUntil, c.ClosedAt = string(conversation.StatusOpen), nil, nil
	case conversation.Snoozed:
		c.Status, c.SnoozedUntil = string(conversation.StatusSnoozed), ptr(micro(e.Until))
	case conversation.HandedOff:
		c.Status = string(conversation.StatusOpen)
		if e.TeamID != "" {
			c.TeamID = optional(e.TeamID)
		}
	case conversation.PrioritySet:
		c.Priority = priorityName(e.Priority)
	case conversation.MessageReceived:
		f.received(ev, e, at)
	case conversation.MessageSent:
		f.sent(ev, e, at)
	case conversation.DeliveryStatusRecorded:
		if i, ok := f.byID[e.MessageID]; ok {
			f.messages[i].Status = string(e.Status)
		}
		activity = false
	case conversation.ReadByAgent:
		f.read[e.AgentID] = f.upTo[e.UpToMessageID]
		activity = false
	case conversation.NoteAdded:
		f.notes = append(f.notes, NoteAt{ID: e.NoteID, Text: e.Text, At: at, Actor: ev.Metadata.Actor})
	default:
		f.routing(e)
	}
	if activity {
		c.LastActivityAt = at
	}
	c.Revision = ev.Revision
}

func (f *convFold) routing(e domain.Event) {
	c := &f.c
	switch e := e.(type) {
	case conversation.Assigned:
		c.AssigneeID, c.Accepted = optional(e.AgentID), false
	case conversation.Unassigned:
		c.AssigneeID, c.Accepted = nil, false
	case conversation.Accepted:
		c.AssigneeID, c.Accepted = optional(e.AgentID), true
	case conversation.TeamAssigned:
		c.TeamID = optional(e.TeamID)
	case conversation.TagApplied:
		if domain.FindTag(c.Tags, e.Tag) < 0 {
			c.Tags = append(slices.Clone(c.Tags), e.Tag)
		}
	case conversation.TagRemoved:
		if i := domain.FindTag(c.Tags, e.Tag); i >= 0 {
			c.Tags = slices.Delete(slices.Clone(c.Tags), i, i+1)
		}
	}
}

// priorityName is the view's priority: unknown priorities rank as "none".
func priorityName(p conversation.Priority) string {
	switch p {
	case conversation.PriorityLow, conversation.PriorityMedium, conversation.PriorityHigh, conversation.PriorityUrgent:
		return string(p)
	}
	return string(conversation.PriorityNone)
}
