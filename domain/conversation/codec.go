package conversation

import (
	"encoding/json"
	"fmt"

	"github.com/parley-inbox/parley/domain"
)

// NewCodec returns the codec of every conversation event type with its
// current schema version and the upcasters from older versions.
func NewCodec() (*domain.Codec, error) {
	return domain.NewCodec(
		spec(TypeOpened, 1, func() domain.Event { return &Opened{} }),
		spec(TypeSessionStarted, 1, func() domain.Event { return &SessionStarted{} }),
		domain.EventSpec{
			Type: TypeMessageReceived, Version: 2,
			New:       func() domain.Event { return &MessageReceived{} },
			Upcasters: map[int]domain.Upcaster{1: upcastMessageReceivedV1},
		},
		spec(TypeMessageSent, 1, func() domain.Event { return &MessageSent{} }),
		spec(TypeDeliveryStatusRecorded, 1, func() domain.Event { return &DeliveryStatusRecorded{} }),
		spec(TypeNoteAdded, 1, func() domain.Event { return &NoteAdded{} }),
		domain.EventSpec{
			Type: TypeAssigned, Version: 2,
			New:       func() domain.Event { return &Assigned{} },
			Upcasters: map[int]domain.Upcaster{1: upcastAssignedV1},
		},
		spec(TypeTeamAssigned, 1, func() domain.Event { return &TeamAssigned{} }),
		spec(TypeUnassigned, 1, func() domain.Event { return &Unassigned{} }),
		spec(TypeAccepted, 1, func() domain.Event { return &Accepted{} }),
		spec(TypeTagApplied, 1, func() domain.Event { return &TagApplied{} }),
		spec(TypeTagRemoved, 1, func() domain.Event { return &TagRemoved{} }),
		spec(TypeClosed, 1, func() domain.Event { return &Closed{} }),
		spec(TypeReopened, 1, func() domain.Event { return &Reopened{} }),
		spec(TypeSnoozed, 1, func() domain.Event { return &Snoozed{} }),
		spec(TypePrioritySet, 1, func() domain.Event { return &PrioritySet{} }),
		spec(TypeReadByAgent, 1, func() domain.Event { return &ReadByAgent{} }),
		spec(TypeReferenceLinked, 1, func() domain.Event { return &ReferenceLinked{} }),
		spec(TypeReferenceUnlinked, 1, func() domain.Event { return &ReferenceUnlinked{} }),
		spec(TypeIntegrationEventRecorded, 1, func() domain.Event { return &IntegrationEventRecorded{} }),
		spec(TypeHandedOff, 1, func() domain.Event { return &HandedOff{} }),
		spec(TypeTranscriptionAdded, 1, func() domain.Event { return &TranscriptionAdded{} }),
		spec(TypeSummaryAdded, 1, func() domain.Event { return &SummaryAdded{} }),
	)
}

func spec(typ string, version int, newEvent func() domain.Event) domain.EventSpec {
	return domain.EventSpec{Type: typ, Version: version, New: newEvent}
}

// upcastMessageReceivedV1 moves v1's flat "media_url" into v2's "media.url".
func upcastMessageReceivedV1(old json.RawMessage) (json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(old, &m); err != nil {
		return nil, fmt.Errorf("message_received v1: %w", err)
	}
	raw, ok := m["media_url"]
	delete(m, "media_url")
	if ok {
		var url string
		if err := json.Unmarshal(raw, &url); err != nil {
			return nil, fmt.Errorf("message_received v1 media_url: %w", err)
		}
		if url != "" {
			media, err := json.Marshal(Media{URL: url})
			if err != nil {
				return nil, err
			}
			m["media"] = media
		}
	}
	return json.Marshal(m)
}

// upcastAssignedV1 gives v1 assignments, which had no reason, the reason
// "manual": before v2 only agents assigned conversations.
func upcastAssignedV1(old json.RawMessage) (json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(old, &m); err != nil {
		return nil, fmt.Errorf("assigned v1: %w", err)
	}
	if _, ok := m["reason"]; !ok {
		m["reason"] = json.RawMessage(`"manual"`)
	}
	return json.Marshal(m)
}
