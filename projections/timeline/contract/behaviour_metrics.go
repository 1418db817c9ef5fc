package contract

import (
	"context"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/parley-inbox/parley/projections/timeline"
)

func metrics(t *testing.T, r timeline.Reader, q timeline.MetricsQuery) timeline.MetricsResult {
	t.Helper()
	res, err := r.Metrics(context.Background(), AccountX, q)
	if err != nil {
		t.Fatalf("metrics %+v: %v", q, err)
	}
	return res
}

func near(p *float64, want float64) bool { return p != nil && math.Abs(*p-want) < 1e-6 }

func testMetrics(t *testing.T, a Adapter) {
	Project(t, a, Scenario(t), 3)
	r := a.Reader
	week := timeline.MetricsQuery{From: T0.Add(-24 * time.Hour), To: T0.Add(7 * 24 * time.Hour)}
	q := week
	q.Interval = timeline.IntervalDay
	res := metrics(t, r, q)
	dump, _ := json.Marshal(res)
	if len(res.Groups) != 1 || len(res.Groups[0].Buckets) != 2 {
		t.Fatalf("daily metrics: %s", dump)
	}
	d0, d1 := res.Groups[0].Buckets[0], res.Groups[0].Buckets[1]
	if !d0.Start.Equal(T0.Truncate(24*time.Hour)) || d0.Opened != 2 || d0.Closed != 2 || d0.ReopenedAfterClose != 1 ||
		d0.FirstResponse.Count != 2 || !near(d0.FirstResponse.Avg, 450) || !near(d0.FirstResponse.Median, 450) ||
		!near(d0.FirstResponse.P90, 600) || !near(d0.Resolution.Avg, 3600) || !near(d0.ReopenRate, 0.5) || !near(d0.ResolutionRate, 1) {
		t.Fatalf("day 0: %s", dump)
	}
	if d1.Opened != 1 || !near(d1.FirstResponse.Median, 1800) || !near(d1.Resolution.P90, 5400) || d1.ReopenRate == nil || *d1.ReopenRate != 0 {
		t.Fatalf("day 1: %s", dump)
	}

	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skipf("no time zone data: %v", err)
	}
	q.TimeZone = ny
	res = metrics(t, r, q)
	if b := res.Groups[0].Buckets[0]; !b.Start.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, ny)) {
		t.Fatalf("New York day bucket starts %s", b.Start)
	}

	byTag := week
	byTag.GroupBy = timeline.GroupTag
	res = metrics(t, r, byTag)
	if len(res.Groups) != 2 || res.Groups[0].Key != "billing" || res.Groups[1].Key != "refund" ||
		res.Groups[1].Buckets[0].Opened != 2 || res.Groups[0].Buckets[0].Opened != 1 {
		dump, _ = json.Marshal(res)
		t.Fatalf("by tag: %s", dump)
	}
	byTeam := week
	byTeam.GroupBy, byTeam.Interval = timeline.GroupTeam, timeline.IntervalWeek
	res = metrics(t, r, byTeam)
	if len(res.Groups) != 1 || res.Groups[0].Key != "team-a" || res.Groups[0].Buckets[0].Opened != 2 {
		dump, _ = json.Marshal(res)
		t.Fatalf("by team: %s", dump)
	}
	byAgent := week
	byAgent.GroupBy, byAgent.Channel = timeline.GroupAgent, "email"
	res = metrics(t, r, byAgent)
	if len(res.Groups) != 1 || res.Groups[0].Key != "agent-2" || res.Groups[0].Buckets[0].Closed != 1 {
		dump, _ = json.Marshal(res)
		t.Fatalf("email by agent: %s", dump)
	}
	mail := week
	mail.Inboxes = []string{"in-mail"}
	if res = metrics(t, r, mail); len(res.Groups) != 1 || res.Groups[0].Buckets[0].Opened != 1 {
		dump, _ = json.Marshal(res)
		t.Fatalf("in-mail only: %s", dump)
	}
	if _, err := r.Metrics(context.Background(), AccountX, timeline.MetricsQuery{From: T0, To: T0.Add(400 * 24 * time.Hour), Interval: timeline.IntervalHour}); err == nil {
		t.Fatal("a 400-day hourly query was accepted")
	}
}
