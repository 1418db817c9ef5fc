package audit

import (
	"strconv"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/eventstore"
)

// AsOf is a point in a stream's past: a revision (inclusive) or a time
// (events that occurred at or before it).
type AsOf struct {
	Revision *uint64
	Time     time.Time
}

// ParseAsOf reads "as_of": a stream revision (digits) or an RFC 3339 time.
func ParseAsOf(s string) (AsOf, error) {
	if n, err := strconv.ParseUint(s, 10, 64); err == nil {
		return AsOf{Revision: &n}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return AsOf{}, domain.Invalid("as_of", CodeInvalidParameter,
			"as_of must be a stream revision (e.g. 12) or an RFC 3339 time (e.g. 2026-03-01T10:15:00Z)")
	}
	return AsOf{Time: t.UTC()}, nil
}

// includes reports whether ev happened at or before the point.
func (a AsOf) includes(ev eventstore.RecordedEvent) bool {
	if a.Revision != nil {
		return ev.Revision <= *a.Revision
	}
	return !ev.Metadata.OccurredAt.After(a.Time)
}

// PointInfo says which point a time-travel answer was folded up to.
type PointInfo struct {
	// Requested is the as_of parameter as understood: a revision or a time.
	RequestedRevision *uint64    `json:"requested_revision,omitempty"`
	RequestedTime     *time.Time `json:"requested_time,omitempty"`
	// Revision and OccurredAt are those of the last event folded in.
	Revision   uint64    `json:"revision"`
	OccurredAt time.Time `json:"occurred_at"`
	Events     int       `json:"events"`
}

func (a AsOf) info(last eventstore.RecordedEvent, n int) PointInfo {
	p := PointInfo{RequestedRevision: a.Revision, Revision: last.Revision, OccurredAt: last.Metadata.OccurredAt.UTC(), Events: n}
	if a.Revision == nil {
		t := a.Time
		p.RequestedTime = &t
	}
	return p
}

// micro is t in UTC at the microsecond precision the views store, so that a
// folded state compares equal with a stored row.
func micro(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// ptr is nil for the zero time (NULL in the views).
func ptr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
