package timeline

import (
	"fmt"
	"slices"
	"time"
)

// Metrics grouping dimensions: the session's (last) assignee, team,
// channel, inbox, or each of its tags.
const (
	GroupNone    = ""
	GroupAgent   = "agent"
	GroupTeam    = "team"
	GroupChannel = "channel"
	GroupInbox   = "inbox"
	GroupTag     = "tag"
)

// Bucket intervals (calendar, in the query's time zone; weeks start on
// Monday). "" is one bucket for the whole range.
const (
	IntervalNone = ""
	IntervalHour = "hour"
	IntervalDay  = "day"
	IntervalWeek = "week"
)

// MaxGroups caps the groups of a metrics answer (the first ones by key).
const MaxGroups = 100

// MetricsQuery asks for session metrics of the sessions opened in
// [From, To) (a cohort), grouped and bucketed by their opening time.
type MetricsQuery struct {
	From, To time.Time
	Interval string
	TimeZone *time.Location // nil means UTC
	GroupBy  string
	Channel  string
	InboxID  string
	TeamID   string
	AgentID  string
	Tag      string
	// Inboxes, if not nil, restricts the sessions to these inboxes (the
	// caller's visibility).
	Inboxes []string
}

// Stats summarises durations in seconds; the pointers are nil without data.
// Median and P90 follow the Hazen definition (linear interpolation at rank
// q·n − ½, clamped to the extremes): what Elasticsearch's t-digest
// percentiles return exactly while a bucket holds fewer values than about
// half its compression (1,000 here), and approximate beyond.
type Stats struct {
	Count  int64    `json:"count"`
	Avg    *float64 `json:"avg,omitempty"`
	Median *float64 `json:"median,omitempty"`
	P90    *float64 `json:"p90,omitempty"`
}

// MetricsBucket is one time bucket of one group.
type MetricsBucket struct {
	Start              time.Time `json:"start"`
	Opened             int64     `json:"opened"`
	Closed             int64     `json:"closed"`
	ReopenedAfterClose int64     `json:"reopened_after_close"`
	FirstResponse      Stats     `json:"first_response_seconds"`
	Resolution         Stats     `json:"resolution_seconds"`
	ResolutionRate     *float64  `json:"resolution_rate,omitempty"` // closed / opened
	ReopenRate         *float64  `json:"reopen_rate,omitempty"`     // reopened after close / closed
}

// MetricsGroup is the buckets of one key of the grouping ("" without one).
type MetricsGroup struct {
	Key     string          `json:"key"`
	Buckets []MetricsBucket `json:"buckets"`
}

// MetricsResult is groups by key, buckets by start, both ascending; empty
// buckets are left out.
type MetricsResult struct {
	Groups []MetricsGroup `json:"groups"`
}

// Normalize applies defaults and checks bounds; errors wrap ErrInvalidQuery.
func (q *MetricsQuery) Normalize() error {
	if q.TimeZone == nil {
		q.TimeZone = time.UTC
	}
	if q.From.IsZero() || q.To.IsZero() || !q.From.Before(q.To) {
		return fmt.Errorf("%w: from and to are required, from before to", ErrInvalidQuery)
	}
	q.From, q.To = Millis(q.From), Millis(q.To)
	span := q.To.Sub(q.From)
	limits := map[string]time.Duration{IntervalNone: 5 * 366 * 24 * time.Hour, IntervalHour: 31 * 24 * time.Hour,
		IntervalDay: 2 * 366 * 24 * time.Hour, IntervalWeek: 5 * 366 * 24 * time.Hour}
	limit, ok := limits[q.Interval]
	if !ok {
		return fmt.Errorf("%w: interval must be hour, day or week", ErrInvalidQuery)
	}
	if span > limit {
		return fmt.Errorf("%w: range too long for interval %q", ErrInvalidQuery, q.Interval)
	}
	if !slices.Contains([]string{GroupNone, GroupAgent, GroupTeam, GroupChannel, GroupInbox, GroupTag}, q.GroupBy) {
		return fmt.Errorf("%w: group_by must be agent, team, channel, inbox or tag", ErrInvalidQuery)
	}
	return nil
}

// Ratio is a/b, nil when b is 0.
func Ratio(a, b int64) *float64 {
	if b == 0 {
		return nil
	}
	r := float64(a) / float64(b)
	return &r
}

// StatsOf summarises sorted durations with their average (computed by the
// store, nil without values).
func StatsOf(sorted []float64, avg *float64) Stats {
	if len(sorted) == 0 {
		return Stats{}
	}
	med, p90 := Quantile(sorted, 0.5), Quantile(sorted, 0.9)
	return Stats{Count: int64(len(sorted)), Avg: avg, Median: &med, P90: &p90}
}

// Quantile is the Hazen quantile q of sorted values.
func Quantile(sorted []float64, q float64) float64 {
	n := len(sorted)
	h := q*float64(n) - 0.5
	if h <= 0 {
		return sorted[0]
	}
	if h >= float64(n-1) {
		return sorted[n-1]
	}
	lo := int(h)
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}
