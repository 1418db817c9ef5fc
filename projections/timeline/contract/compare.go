package contract

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections/timeline"
)

// Generated is the generated log Compare projects: n conversations (and
// their contacts) over two accounts, streams interleaved.
func Generated(t testing.TB, n int) []eventstore.RecordedEvent {
	t.Helper()
	gen, err := seed.NewGenerator(11, 2, "g")
	if err != nil {
		t.Fatal(err)
	}
	evs, err := gen.Log(n, 5)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// Compare projects the generated log into oracle and subject (in different
// batch sizes) and requires the same answer from both to every query: each
// conversation's timeline, a set of searches, and every metric by every
// grouping, interval and a few time zones.
func Compare(t *testing.T, oracle, subject Adapter) {
	evs := Generated(t, 150)
	Project(t, oracle, evs, 64)
	Project(t, subject, evs, 37)
	Same(t, oracle, subject, evs)
}

// Same requires the same answers from oracle and subject, both already
// holding evs (projected by whatever means), to every query of Compare.
func Same(t *testing.T, oracle, subject Adapter, evs []eventstore.RecordedEvent) {
	var convs []string
	for _, ev := range evs {
		if id, ok := conversation.IDFromStream(ev.Stream); ok && ev.Revision == 0 {
			convs = append(convs, ev.Metadata.AccountID+"/"+id)
		}
	}
	same := func(what string, call func(r timeline.Reader) (any, error)) {
		t.Helper()
		want, werr := call(oracle.Reader)
		got, gerr := call(subject.Reader)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%s: oracle error %v, subject error %v", what, werr, gerr)
		}
		if msg := diff(want, got); msg != "" {
			t.Fatalf("%s: answers differ: %s", what, msg)
		}
	}
	ctx := context.Background()
	empty, asked := 0, 0
	defer func() {
		if empty > asked/4 {
			t.Errorf("%d of %d searches and metrics answered nothing: the comparison proves little", empty, asked)
		}
	}()
	for _, ac := range convs {
		acct, id := splitOnce(ac)
		for _, q := range []timeline.TimelineQuery{{Limit: 200}, {Limit: 7, Newest: true, Kinds: []string{timeline.KindMessage, timeline.KindAssignment}}} {
			same("timeline "+ac, func(r timeline.Reader) (any, error) { return r.Timeline(ctx, acct, id, q) })
		}
	}
	accounts := []string{seed.AccountID(0), seed.AccountID(1)}
	for _, acct := range accounts {
		for _, q := range searches(acct) {
			same(fmt.Sprintf("search %s %+v", acct, q), func(r timeline.Reader) (any, error) {
				res, err := r.Search(ctx, acct, q)
				if r == oracle.Reader {
					asked++
					if len(res.Hits) == 0 {
						empty++
					}
				}
				return res, err
			})
		}
		for _, q := range metricQueries(t) {
			same(fmt.Sprintf("metrics %s %s/%s/%s", acct, q.GroupBy, q.Interval, q.TimeZone), func(r timeline.Reader) (any, error) {
				res, err := r.Metrics(ctx, acct, q)
				if r == oracle.Reader {
					asked++
					if len(res.Groups) == 0 {
						empty++
					}
				}
				return res, err
			})
		}
	}
}

func splitOnce(s string) (string, string) {
	i := slices.Index([]byte(s), '/')
	return s[:i], s[i+1:]
}

func searches(acct string) []timeline.SearchQuery {
	agent := seed.AgentID(0, 0)
	if acct == seed.AccountID(1) {
		agent = seed.AgentID(1, 0)
	}
	return []timeline.SearchQuery{
		{Text: "order", Limit: 100},
		{Text: "order", Limit: 7},
		{Text: "ola"},
		{Text: "hasn't arrived"},
		{Text: "same order", Mode: timeline.ModePhrase},
		{Text: "delivery address", Mode: timeline.ModePhrase, Channel: "whatsapp"},
		{Text: "tra", Mode: timeline.ModePrefix, Limit: 100},
		{Text: "the", Kinds: []string{timeline.KindMessage}, Limit: 50},
		{Text: "silva", Kinds: []string{timeline.KindContact}, Limit: 100},
		{Text: "muller", Limit: 100},
		{Text: "you", Tag: "vip", Limit: 100},
		{Text: "you", AgentID: agent, Limit: 100},
		{Text: "annual plan", Kinds: []string{timeline.KindNote}},
		{Text: "the", From: seed.Epoch().Add(5 * time.Minute), To: seed.Epoch().Add(10 * time.Minute), Limit: 100},
	}
}

func metricQueries(t *testing.T) []timeline.MetricsQuery {
	var zones []*time.Location
	for _, name := range []string{"UTC", "Asia/Kolkata", "America/New_York"} {
		if loc, err := time.LoadLocation(name); err == nil {
			zones = append(zones, loc)
		}
	}
	from, to := seed.Epoch().Add(-24*time.Hour), seed.Epoch().Add(30*24*time.Hour)
	var out []timeline.MetricsQuery
	for _, g := range []string{timeline.GroupNone, timeline.GroupAgent, timeline.GroupTeam, timeline.GroupChannel, timeline.GroupInbox, timeline.GroupTag} {
		for _, iv := range []string{timeline.IntervalNone, timeline.IntervalHour, timeline.IntervalDay, timeline.IntervalWeek} {
			for _, tz := range zones {
				out = append(out, timeline.MetricsQuery{From: from, To: to, Interval: iv, TimeZone: tz, GroupBy: g})
			}
		}
	}
	out = append(out, timeline.MetricsQuery{From: from, To: to, Interval: timeline.IntervalHour, Channel: "email", Tag: "vip"})
	return out
}

// diff compares two answers as JSON, numbers within a relative 1e-9 (sums
// of doubles may be added up in another order).
func diff(want, got any) string {
	var w, g any
	for _, p := range []struct {
		v   any
		out *any
	}{{want, &w}, {got, &g}} {
		b, err := json.Marshal(p.v)
		if err != nil {
			return err.Error()
		}
		if err := json.Unmarshal(b, p.out); err != nil {
			return err.Error()
		}
	}
	return walk("$", w, g)
}

func walk(path string, w, g any) string {
	switch wv := w.(type) {
	case map[string]any:
		gv, ok := g.(map[string]any)
		if !ok || len(gv) != len(wv) {
			return fmt.Sprintf("%s: want %v, got %v", path, w, g)
		}
		for k := range wv {
			if d := walk(path+"."+k, wv[k], gv[k]); d != "" {
				return d
			}
		}
	case []any:
		gv, ok := g.([]any)
		if !ok || len(gv) != len(wv) {
			return fmt.Sprintf("%s: want %d items %v, got %v", path, len(wv), w, g)
		}
		for i := range wv {
			if d := walk(fmt.Sprintf("%s[%d]", path, i), wv[i], gv[i]); d != "" {
				return d
			}
		}
	case float64:
		gv, ok := g.(float64)
		if !ok || math.Abs(wv-gv) > 1e-9*math.Max(1, math.Abs(wv)) {
			return fmt.Sprintf("%s: want %v, got %v", path, w, g)
		}
	default:
		if w != g {
			return fmt.Sprintf("%s: want %v, got %v", path, w, g)
		}
	}
	return ""
}
