package estimeline

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/parley-inbox/parley/projections/timeline"
)

var groupFields = map[string]string{timeline.GroupAgent: "assignee_id", timeline.GroupTeam: "team_id",
	timeline.GroupChannel: "channel", timeline.GroupInbox: "inbox_id", timeline.GroupTag: "tags"}

var calendar = map[string]string{timeline.IntervalHour: "1h", timeline.IntervalDay: "1d", timeline.IntervalWeek: "1w"}

// durationAggs summarise one duration field.
func durationAggs(field string) m {
	return m{
		field + "_stats": m{"stats": m{"field": field}},
		field + "_pct": m{"percentiles": m{"field": field, "percents": []float64{50, 90},
			"tdigest": m{"compression": 1000}}},
	}
}

// Metrics computes session metrics of the sessions opened in the range with
// one aggregation: terms (the grouping) > date_histogram (the buckets) >
// counts, stats and percentiles.
func (c *Client) Metrics(ctx context.Context, accountID string, q timeline.MetricsQuery) (timeline.MetricsResult, error) {
	if err := q.Normalize(); err != nil {
		return timeline.MetricsResult{}, err
	}
	filter := []m{term("account_id", accountID),
		rangeQ("opened_at", m{"gte": millis(q.From), "lt": millis(q.To), "format": "epoch_millis"})}
	for field, v := range map[string]string{"channel": q.Channel, "inbox_id": q.InboxID, "team_id": q.TeamID, "assignee_id": q.AgentID} {
		if v != "" {
			filter = append(filter, term(field, v))
		}
	}
	if q.Tag != "" {
		filter = append(filter, term("tags", strings.ToLower(q.Tag)))
	}
	if q.Inboxes != nil {
		filter = append(filter, terms("inbox_id", q.Inboxes))
	}
	leaf := m{
		"closed":   m{"filter": exists("closed_at")},
		"reopened": m{"filter": term("reopened_after_close", true)},
	}
	for k, v := range durationAggs("first_response_seconds") {
		leaf[k] = v
	}
	for k, v := range durationAggs("resolution_seconds") {
		leaf[k] = v
	}
	bucket := m{"filter": m{"match_all": m{}}, "aggs": leaf}
	if q.Interval != timeline.IntervalNone {
		bucket = m{"date_histogram": m{"field": "opened_at", "calendar_interval": calendar[q.Interval],
			"time_zone": q.TimeZone.String(), "min_doc_count": 1}, "aggs": leaf}
	}
	aggs := m{"b": bucket}
	if q.GroupBy != timeline.GroupNone {
		aggs = m{"g": m{"terms": m{"field": groupFields[q.GroupBy], "size": timeline.MaxGroups,
			"order": m{"_key": "asc"}}, "aggs": aggs}}
	}
	req := m{"size": 0, "track_total_hits": false, "query": boolQ(m{"filter": filter}), "aggs": aggs}
	var out struct {
		Aggregations struct {
			G struct {
				Buckets []struct {
					Key string          `json:"key"`
					B   json.RawMessage `json:"b"`
				} `json:"buckets"`
			} `json:"g"`
			B json.RawMessage `json:"b"`
		} `json:"aggregations"`
	}
	if err := c.search(ctx, "metrics", []string{c.cfg.readAlias(kindSessions)}, req, &out); err != nil {
		return timeline.MetricsResult{}, err
	}
	res := timeline.MetricsResult{Groups: []timeline.MetricsGroup{}}
	if q.GroupBy == timeline.GroupNone {
		bs, err := buckets(out.Aggregations.B, q)
		if err != nil || len(bs) == 0 {
			return res, err
		}
		res.Groups = append(res.Groups, timeline.MetricsGroup{Key: "", Buckets: bs})
		return res, nil
	}
	for _, g := range out.Aggregations.G.Buckets {
		bs, err := buckets(g.B, q)
		if err != nil {
			return res, err
		}
		res.Groups = append(res.Groups, timeline.MetricsGroup{Key: g.Key, Buckets: bs})
	}
	return res, nil
}

// leafAggs is one bucket's answer.
type leafAggs struct {
	Key      int64 `json:"key"`
	DocCount int64 `json:"doc_count"`
	Closed   struct {
		DocCount int64 `json:"doc_count"`
	} `json:"closed"`
	Reopened struct {
		DocCount int64 `json:"doc_count"`
	} `json:"reopened"`
	FRTStats statsAgg `json:"first_response_seconds_stats"`
	FRTPct   pctAgg   `json:"first_response_seconds_pct"`
	ResStats statsAgg `json:"resolution_seconds_stats"`
	ResPct   pctAgg   `json:"resolution_seconds_pct"`
}

type statsAgg struct {
	Count int64    `json:"count"`
	Avg   *float64 `json:"avg"`
}

type pctAgg struct {
	Values map[string]*float64 `json:"values"`
}

func stats(s statsAgg, p pctAgg) timeline.Stats {
	if s.Count == 0 {
		return timeline.Stats{}
	}
	return timeline.Stats{Count: s.Count, Avg: s.Avg, Median: p.Values["50.0"], P90: p.Values["90.0"]}
}

func buckets(raw json.RawMessage, q timeline.MetricsQuery) ([]timeline.MetricsBucket, error) {
	var leaves []leafAggs
	if q.Interval == timeline.IntervalNone {
		var one leafAggs
		if err := json.Unmarshal(raw, &one); err != nil {
			return nil, fmt.Errorf("estimeline: decode metrics: %w", err)
		}
		if one.DocCount == 0 {
			return nil, nil
		}
		one.Key = q.From.UnixMilli()
		leaves = append(leaves, one)
	} else {
		var h struct {
			Buckets []leafAggs `json:"buckets"`
		}
		if err := json.Unmarshal(raw, &h); err != nil {
			return nil, fmt.Errorf("estimeline: decode metrics: %w", err)
		}
		leaves = h.Buckets
	}
	out := make([]timeline.MetricsBucket, 0, len(leaves))
	for _, l := range leaves {
		b := timeline.MetricsBucket{Start: time.UnixMilli(l.Key).UTC(), Opened: l.DocCount, Closed: l.Closed.DocCount,
			ReopenedAfterClose: l.Reopened.DocCount, FirstResponse: stats(l.FRTStats, l.FRTPct),
			Resolution: stats(l.ResStats, l.ResPct)}
		b.ResolutionRate, b.ReopenRate = timeline.Ratio(b.Closed, b.Opened), timeline.Ratio(b.ReopenedAfterClose, b.Closed)
		out = append(out, b)
	}
	return out, nil
}
