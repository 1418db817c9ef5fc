package audit

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/eventstore"
)

// Filter selects events. Zero fields select everything; From is inclusive
// and To exclusive, both on the event's occurred-at time.
type Filter struct {
	Types     []string // any of these event types
	ActorKind string   // "agent", "contact", "bot", "system", "api_client"
	ActorID   string
	From, To  time.Time
}

// MaxTypes bounds the types one filter may list.
const MaxTypes = 50

// CodeInvalidParameter is the code of a bad filter or paging parameter.
const CodeInvalidParameter = "invalid_parameter"

// ParseFilter reads type (repeated or comma-separated), actor ("kind:id",
// "kind:" or "id"), from and to (RFC 3339) from params.
func ParseFilter(params url.Values) (Filter, error) {
	var f Filter
	for _, v := range params["type"] {
		for t := range strings.SplitSeq(v, ",") {
			if t = strings.TrimSpace(t); t != "" && !slices.Contains(f.Types, t) {
				f.Types = append(f.Types, t)
			}
		}
	}
	if len(f.Types) > MaxTypes {
		return f, domain.Invalid("type", CodeInvalidParameter, "at most %d event types", MaxTypes)
	}
	if a := params.Get("actor"); a != "" {
		kind, id, ok := strings.Cut(a, ":")
		if !ok {
			kind, id = "", a
		}
		f.ActorKind, f.ActorID = kind, id
	}
	var err error
	if f.From, err = parseTime(params, "from"); err != nil {
		return f, err
	}
	if f.To, err = parseTime(params, "to"); err != nil {
		return f, err
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		return f, domain.Invalid("to", CodeInvalidParameter, "to must be after from")
	}
	return f, nil
}

func parseTime(params url.Values, name string) (time.Time, error) {
	v := params.Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, domain.Invalid(name, CodeInvalidParameter, "%s must be an RFC 3339 time such as 2026-03-01T10:00:00Z", name)
	}
	return t.UTC(), nil
}

// Match reports whether ev passes the filter.
func (f Filter) Match(ev eventstore.RecordedEvent) bool {
	if len(f.Types) > 0 && !slices.Contains(f.Types, ev.Type) {
		return false
	}
	a := ev.Metadata.Actor
	if (f.ActorKind != "" && a.Kind != f.ActorKind) || (f.ActorID != "" && a.ID != f.ActorID) {
		return false
	}
	at := ev.Metadata.OccurredAt
	if (!f.From.IsZero() && at.Before(f.From)) || (!f.To.IsZero() && !at.Before(f.To)) {
		return false
	}
	return true
}
