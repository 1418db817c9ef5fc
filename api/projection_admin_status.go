package api

import (
	"time"

	"github.com/parley-inbox/parley/projections"
)

// ProjectorState is a projector's status as the admin API and `parley
// projections status --output json` print it.
type ProjectorState struct {
	Name       string        `json:"name"`
	Checkpoint uint64        `json:"checkpoint"`
	UpdatedAt  *time.Time    `json:"updated_at,omitempty"`
	Head       uint64        `json:"head"`
	LagEvents  int           `json:"lag_events"`
	LagCapped  bool          `json:"lag_capped"` // lag_events is a lower bound
	LagSeconds float64       `json:"lag_seconds"`
	Halted     bool          `json:"halted"`
	Parked     []ParkedEvent `json:"parked"`
}

// ParkedEvent is an event a projector could not apply.
type ParkedEvent struct {
	Position uint64    `json:"position"`
	EventID  string    `json:"event_id"`
	Stream   string    `json:"stream"`
	Type     string    `json:"type"`
	Error    string    `json:"error"`
	ParkedAt time.Time `json:"parked_at"`
}

// ProjectorStates converts statuses for JSON.
func ProjectorStates(sts []projections.ProjectorStatus) []ProjectorState {
	out := make([]ProjectorState, 0, len(sts))
	for _, s := range sts {
		st := ProjectorState{Name: s.Name, Checkpoint: s.Checkpoint, Head: s.Head, LagEvents: s.LagEvents,
			LagCapped: s.LagCapped, LagSeconds: s.LagSeconds, Halted: s.Halted, Parked: []ParkedEvent{}}
		if !s.UpdatedAt.IsZero() && s.UpdatedAt.Unix() > 0 {
			t := s.UpdatedAt
			st.UpdatedAt = &t
		}
		for _, p := range s.Parked {
			st.Parked = append(st.Parked, ParkedEvent{Position: p.Position, EventID: p.EventID.String(), Stream: p.Stream,
				Type: p.Type, Error: p.Error, ParkedAt: p.ParkedAt})
		}
		out = append(out, st)
	}
	return out
}
