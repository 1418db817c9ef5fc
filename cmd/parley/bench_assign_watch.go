package main

import (
	"context"
	"encoding/json"
	"time"
)

// assignment is what the live stream told about one conversation: when
// its opening and its assignment were decided (the events' occurred_at),
// and when the assignment reached the stream.
type assignment struct {
	openedAt, assignedAt, arrived time.Time
}

// assignWatch follows the live stream and records each conversation's
// opening and first assignment.
type assignWatch struct {
	records *streamRecords[string, assignment]
}

func newAssignWatch() *assignWatch {
	assigned := func(a assignment) bool { return !a.arrived.IsZero() }
	return &assignWatch{records: newStreamRecords[string](assigned, "conversation %s not assigned")}
}

// follow reads the stream until ctx ends; ready is closed once it is open.
func (w *assignWatch) follow(ctx context.Context, srv *benchServer, ready chan<- struct{}) error {
	return followStream(ctx, srv, ready, w.note)
}

func (w *assignWatch) note(data []byte, now time.Time) {
	var ev struct {
		EventType      string `json:"event_type"`
		ConversationID string `json:"conversation_id"`
		Summary        struct {
			OccurredAt time.Time `json:"occurred_at"`
		} `json:"summary"`
	}
	if json.Unmarshal(data, &ev) != nil || ev.ConversationID == "" {
		return
	}
	w.records.update(ev.ConversationID, func(a assignment) assignment {
		switch ev.EventType {
		case "conversation.opened":
			a.openedAt = ev.Summary.OccurredAt
		case "conversation.assigned":
			if a.arrived.IsZero() {
				a.assignedAt, a.arrived = ev.Summary.OccurredAt, now
			}
		}
		return a
	})
}

// await returns conversation id's assignment once it is on the stream.
func (w *assignWatch) await(ctx context.Context, id string, timeout time.Duration) (assignment, error) {
	a, err := w.records.await(ctx, id, timeout)
	if err == nil {
		w.records.forget(id)
	}
	return a, err
}
