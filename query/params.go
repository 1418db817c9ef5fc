package query

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parley-inbox/parley/domain"
)

// Bounds of list requests.
const (
	DefaultLimit = 25
	MaxLimit     = 100
	MaxTags      = 10 // tags in one filter
)

// Sort orders of the conversation list.
const (
	SortLastActivity = "last_activity" // newest activity first (default)
	SortCreated      = "created"       // newest first
	SortWaitingSince = "waiting_since" // longest waiting first; only waiting conversations
	SortPriority     = "priority"      // highest first, then newest activity
)

// ListParams are the filters, sort and page of a conversation list.
type ListParams struct {
	Status, Assignee, Team, Inbox, Channel, Contact string
	Tags                                            []string // lower-case
	TagMatch                                        string   // any (default) or all
	Priority                                        *int16
	Unread, Waiting, Snoozed                        *bool
	CreatedAfter, CreatedBefore                     time.Time
	UpdatedAfter, UpdatedBefore                     time.Time
	Sort                                            string
	Limit                                           int
	Cursor                                          string
}

var statuses = []string{"open", "pending", "snoozed", "closed"}
var channels = []string{"whatsapp", "instagram", "messenger", "telegram", "sms", "email"}

// Priorities in rank order (the view stores the index).
var priorities = []string{"none", "low", "medium", "high", "urgent"}

// listParams lists the accepted parameters; anything else is rejected.
var listParams = []string{"status", "assignee", "team", "inbox", "channel", "contact", "tag", "tag_match", "priority",
	"unread", "waiting", "snoozed", "created_after", "created_before", "updated_after", "updated_before", "sort", "limit", "cursor"}

// ParseListParams reads a conversation list's query parameters strictly:
// unknown or repeated parameters, bad values and out-of-range numbers are
// errors naming the parameter.
func ParseListParams(v url.Values) (ListParams, error) {
	p := ListParams{Sort: SortLastActivity, Limit: DefaultLimit, TagMatch: "any"}
	if err := checkNames(v, listParams, "tag"); err != nil {
		return p, err
	}
	var err error
	get := func(name string) string { return v.Get(name) }
	if p.Status, err = oneOf("status", get("status"), statuses); err != nil {
		return p, err
	}
	if p.Channel, err = oneOf("channel", get("channel"), channels); err != nil {
		return p, err
	}
	if p.TagMatch, err = oneOf("tag_match", get("tag_match"), []string{"any", "all"}); err != nil || p.TagMatch == "" {
		p.TagMatch = "any"
		if err != nil {
			return p, err
		}
	}
	if s, err := oneOf("sort", get("sort"), []string{SortLastActivity, SortCreated, SortWaitingSince, SortPriority}); err != nil {
		return p, err
	} else if s != "" {
		p.Sort = s
	}
	for _, name := range []string{"assignee", "team", "inbox", "contact"} {
		if x := get(name); x != "" || v.Has(name) {
			if e := domain.CheckID(name, x); e != nil {
				return p, invalid(name, "%s", e.Message)
			}
		}
	}
	p.Assignee, p.Team, p.Inbox, p.Contact = get("assignee"), get("team"), get("inbox"), get("contact")
	if p.Tags, err = parseTags(v["tag"]); err != nil {
		return p, err
	}
	if x := get("priority"); x != "" || v.Has("priority") {
		i := slices.Index(priorities, x)
		if i < 0 {
			return p, invalid("priority", "must be one of %s", strings.Join(priorities, ", "))
		}
		rank := int16(i)
		p.Priority = &rank
	}
	for _, b := range []struct {
		name string
		dst  **bool
	}{{"unread", &p.Unread}, {"waiting", &p.Waiting}, {"snoozed", &p.Snoozed}} {
		if *b.dst, err = parseBool(v, b.name); err != nil {
			return p, err
		}
	}
	for _, t := range []struct {
		name string
		dst  *time.Time
	}{{"created_after", &p.CreatedAfter}, {"created_before", &p.CreatedBefore}, {"updated_after", &p.UpdatedAfter}, {"updated_before", &p.UpdatedBefore}} {
		if *t.dst, err = parseTime(v, t.name); err != nil {
			return p, err
		}
	}
	if p.Limit, err = parseLimit(v, "limit", DefaultLimit, MaxLimit); err != nil {
		return p, err
	}
	p.Cursor = get("cursor")
	if p.Sort == SortWaitingSince && p.Waiting != nil && !*p.Waiting {
		return p, invalid("sort", "sort=waiting_since lists waiting conversations only; it cannot be combined with waiting=false")
	}
	return p, nil
}

// checkNames rejects unknown parameters, and repeated ones except multi.
func checkNames(v url.Values, known []string, multi ...string) error {
	names := make([]string, 0, len(v))
	for name := range v {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !slices.Contains(known, name) {
			return domain.Invalid(name, CodeUnknownParameter, "unknown query parameter %q; known: %s", name, strings.Join(known, ", "))
		}
		if len(v[name]) > 1 && !slices.Contains(multi, name) {
			return invalid(name, "must be given at most once")
		}
	}
	return nil
}

func oneOf(name, x string, allowed []string) (string, error) {
	if x == "" || slices.Contains(allowed, x) {
		return x, nil
	}
	return "", invalid(name, "must be one of %s, not %q", strings.Join(allowed, ", "), clip(x))
}

// parseTags accepts tag=a&tag=b and tag=a,b; at most MaxTags, lower-cased.
func parseTags(values []string) ([]string, error) {
	var out []string
	for _, v := range values {
		for _, t := range strings.Split(v, ",") {
			t = strings.TrimSpace(t)
			if e := domain.CheckTag("tag", t); e != nil {
				return nil, invalid("tag", "%s", e.Message)
			}
			if t = strings.ToLower(t); !slices.Contains(out, t) {
				out = append(out, t)
			}
			if len(out) > MaxTags {
				return nil, invalid("tag", "at most %d tags can be filtered on at once", MaxTags)
			}
		}
	}
	return out, nil
}

func parseBool(v url.Values, name string) (*bool, error) {
	if !v.Has(name) {
		return nil, nil
	}
	switch v.Get(name) {
	case "true":
		b := true
		return &b, nil
	case "false":
		b := false
		return &b, nil
	}
	return nil, invalid(name, "must be true or false")
}

// Timestamps must fall in a sane range; PostgreSQL and JSON both hold it.
var minTime, maxTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)

func parseTime(v url.Values, name string) (time.Time, error) {
	if !v.Has(name) {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v.Get(name))
	if err != nil {
		return time.Time{}, invalid(name, "must be an RFC 3339 time such as 2026-03-01T10:00:00Z")
	}
	if t.Before(minTime) || !t.Before(maxTime) {
		return time.Time{}, invalid(name, "must be between %s and %s", minTime.Format(time.DateOnly), maxTime.Format(time.DateOnly))
	}
	return t.UTC(), nil
}

// parseLimit reads a page size: 1..max, def when absent. Larger values are
// an error rather than silently clamped, so clients learn the bound.
func parseLimit(v url.Values, name string, def, max int) (int, error) {
	if !v.Has(name) {
		return def, nil
	}
	n, err := strconv.Atoi(v.Get(name))
	if err != nil || n < 1 || n > max {
		return 0, invalid(name, "must be an integer from 1 to %d", max)
	}
	return n, nil
}

// clip bounds an echoed value so error messages stay short.
func clip(s string) string {
	if len(s) > 40 {
		return fmt.Sprintf("%.40s…", s)
	}
	return s
}
