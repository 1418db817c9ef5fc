package eventsub

import (
	"fmt"
	"strconv"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/google/uuid"

	"github.com/parley-inbox/parley/eventstore"
)

// Metadata keys of a delivered message. The message UUID is the event id and
// the payload is the event's JSON data.
const (
	KeyEventType     = "event_type"
	KeyStream        = "stream"
	KeyRevision      = "revision"
	KeyPosition      = "position"
	KeySchemaVersion = "schema_version"
	KeyAccountID     = "account_id"
	KeyOccurredAt    = "occurred_at"
	KeyRecordedAt    = "recorded_at"
	KeyActorKind     = "actor_kind"
	KeyActorID       = "actor_id"
	KeyCommandID     = "command_id"
	KeyCorrelationID = "correlation_id" // the key Watermill's CorrelationID middleware uses too
	KeyCausationID   = "causation_id"
	KeySession       = "session"
)

// ToMessage turns a recorded event into a Watermill message.
func ToMessage(ev eventstore.RecordedEvent) *message.Message {
	msg := message.NewMessage(ev.ID.String(), ev.Data)
	md := ev.Metadata
	msg.Metadata = message.Metadata{
		KeyEventType:     ev.Type,
		KeyStream:        ev.Stream,
		KeyRevision:      strconv.FormatUint(ev.Revision, 10),
		KeyPosition:      strconv.FormatUint(ev.Position, 10),
		KeySchemaVersion: strconv.Itoa(ev.SchemaVersion),
		KeyAccountID:     md.AccountID,
		KeyOccurredAt:    md.OccurredAt.Format(time.RFC3339Nano),
		KeyRecordedAt:    ev.RecordedAt.Format(time.RFC3339Nano),
		KeyActorKind:     md.Actor.Kind,
		KeyActorID:       md.Actor.ID,
		KeyCommandID:     md.CommandID,
		KeyCorrelationID: md.CorrelationID,
		KeyCausationID:   md.CausationID,
		KeySession:       md.Session,
	}
	return msg
}

// FromMessage rebuilds the recorded event a message was made from by
// ToMessage. Data shares the message's payload slice.
func FromMessage(msg *message.Message) (eventstore.RecordedEvent, error) {
	md := msg.Metadata
	var ev eventstore.RecordedEvent
	var err error
	if ev.ID, err = uuid.Parse(msg.UUID); err != nil {
		return ev, fmt.Errorf("eventsub: message uuid %q: %w", msg.UUID, err)
	}
	if ev.Revision, err = strconv.ParseUint(md.Get(KeyRevision), 10, 64); err != nil {
		return ev, fmt.Errorf("eventsub: message %s revision: %w", msg.UUID, err)
	}
	if ev.Position, err = strconv.ParseUint(md.Get(KeyPosition), 10, 64); err != nil {
		return ev, fmt.Errorf("eventsub: message %s position: %w", msg.UUID, err)
	}
	if ev.SchemaVersion, err = strconv.Atoi(md.Get(KeySchemaVersion)); err != nil {
		return ev, fmt.Errorf("eventsub: message %s schema version: %w", msg.UUID, err)
	}
	if ev.Metadata.OccurredAt, err = time.Parse(time.RFC3339Nano, md.Get(KeyOccurredAt)); err != nil {
		return ev, fmt.Errorf("eventsub: message %s occurred_at: %w", msg.UUID, err)
	}
	if ev.RecordedAt, err = time.Parse(time.RFC3339Nano, md.Get(KeyRecordedAt)); err != nil {
		return ev, fmt.Errorf("eventsub: message %s recorded_at: %w", msg.UUID, err)
	}
	ev.Type = md.Get(KeyEventType)
	ev.Stream = md.Get(KeyStream)
	ev.Data = msg.Payload
	ev.Metadata.AccountID = md.Get(KeyAccountID)
	ev.Metadata.Actor = eventstore.Actor{Kind: md.Get(KeyActorKind), ID: md.Get(KeyActorID)}
	ev.Metadata.CommandID = md.Get(KeyCommandID)
	ev.Metadata.CorrelationID = md.Get(KeyCorrelationID)
	ev.Metadata.CausationID = md.Get(KeyCausationID)
	ev.Metadata.Session = md.Get(KeySession)
	return ev, nil
}
