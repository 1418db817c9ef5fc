package pgtimeline

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/parley-inbox/parley/projections/timeline"
)

// groupColumns are the session columns of each grouping.
var groupColumns = map[string]string{
	timeline.GroupNone: "''", timeline.GroupAgent: "assignee_id", timeline.GroupTeam: "team_id",
	timeline.GroupChannel: "channel", timeline.GroupInbox: "inbox_id", timeline.GroupTag: "tag",
}

// Metrics computes session metrics of the sessions opened in the range.
func (s *Store) Metrics(ctx context.Context, accountID string, q timeline.MetricsQuery) (timeline.MetricsResult, error) {
	if err := q.Normalize(); err != nil {
		return timeline.MetricsResult{}, err
	}
	w := &where{}
	w.add("account_id = %s", accountID)
	w.add("opened_at >= %s", q.From)
	w.add("opened_at < %s", q.To)
	for col, v := range map[string]string{"channel": q.Channel, "inbox_id": q.InboxID, "team_id": q.TeamID, "assignee_id": q.AgentID} {
		if v != "" {
			w.add(col+" = %s", v)
		}
	}
	if q.Tag != "" {
		w.add("tags @> ARRAY[%s]", strings.ToLower(q.Tag))
	}
	if q.Inboxes != nil {
		w.add("inbox_id = ANY(%s)", q.Inboxes)
	}
	from := s.t.sessions
	if q.GroupBy == timeline.GroupTag {
		from += " CROSS JOIN LATERAL unnest(tags) AS tag"
	}
	key := groupColumns[q.GroupBy]
	if q.GroupBy != timeline.GroupNone {
		w.conds = append(w.conds, key+" <> ''")
	}
	var bucket string
	if q.Interval == timeline.IntervalNone {
		bucket = w.param(q.From) + "::timestamptz"
	} else {
		tz := w.param(q.TimeZone.String()) + "::text"
		bucket = fmt.Sprintf("date_trunc('%s', opened_at AT TIME ZONE %s) AT TIME ZONE %s", q.Interval, tz, tz)
	}
	sql := fmt.Sprintf(`SELECT k, b, count(*), count(closed_at), count(*) FILTER (WHERE reopened_after_close),
  avg(frt), array_agg(frt ORDER BY frt) FILTER (WHERE frt IS NOT NULL),
  avg(res), array_agg(res ORDER BY res) FILTER (WHERE res IS NOT NULL)
FROM (SELECT %s AS k, (%s)::timestamptz AS b, first_response_seconds AS frt, resolution_seconds AS res, closed_at, reopened_after_close
      FROM %s WHERE %s) x
GROUP BY k, b ORDER BY k COLLATE "C", b`, key, bucket, from, w.sql())
	rows, err := s.db.Query(ctx, sql, w.args...)
	if err != nil {
		return timeline.MetricsResult{}, wrap("metrics", err)
	}
	defer rows.Close()
	out := timeline.MetricsResult{Groups: []timeline.MetricsGroup{}}
	for rows.Next() {
		var k string
		var b timeline.MetricsBucket
		var start time.Time
		var frt, res []float64
		var frtAvg, resAvg *float64
		if err := rows.Scan(&k, &start, &b.Opened, &b.Closed, &b.ReopenedAfterClose, &frtAvg, &frt, &resAvg, &res); err != nil {
			return timeline.MetricsResult{}, wrap("metrics", err)
		}
		b.FirstResponse, b.Resolution = timeline.StatsOf(frt, frtAvg), timeline.StatsOf(res, resAvg)
		b.Start = start.UTC()
		b.ResolutionRate, b.ReopenRate = timeline.Ratio(b.Closed, b.Opened), timeline.Ratio(b.ReopenedAfterClose, b.Closed)
		n := len(out.Groups)
		if n == 0 || out.Groups[n-1].Key != k {
			if n == timeline.MaxGroups {
				break
			}
			out.Groups = append(out.Groups, timeline.MetricsGroup{Key: k})
			n++
		}
		out.Groups[n-1].Buckets = append(out.Groups[n-1].Buckets, b)
	}
	if err := rows.Err(); err != nil {
		return timeline.MetricsResult{}, wrap("metrics", err)
	}
	return out, nil
}
