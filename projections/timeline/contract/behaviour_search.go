package contract

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parley-inbox/parley/projections/timeline"
)

func search(t *testing.T, r timeline.Reader, account string, q timeline.SearchQuery) []timeline.SearchHit {
	t.Helper()
	var out []timeline.SearchHit
	for range 100 {
		res, err := r.Search(context.Background(), account, q)
		if err != nil {
			t.Fatalf("search %+v: %v", q, err)
		}
		out = append(out, res.Hits...)
		if res.Next == nil {
			return out
		}
		q.After = res.Next
	}
	t.Fatal("search: more than 100 pages")
	return nil
}

func hitIDs(hs []timeline.SearchHit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.ID)
	}
	return out
}

func testSearch(t *testing.T, a Adapter) {
	Project(t, a, Scenario(t), 7)
	r := a.Reader
	cases := []struct {
		name string
		q    timeline.SearchQuery
		want []string
	}{
		{"accents fold", timeline.SearchQuery{Text: "cafe CREME"}, []string{"c1:m:m1"}},
		{"all words", timeline.SearchQuery{Text: "order tomorrow"}, []string{"c1:m:m2"}},
		{"phrase", timeline.SearchQuery{Text: "order ships", Mode: timeline.ModePhrase}, []string{"c1:m:m2"}},
		{"phrase order matters", timeline.SearchQuery{Text: "ships order", Mode: timeline.ModePhrase}, nil},
		{"prefix", timeline.SearchQuery{Text: "ord", Mode: timeline.ModePrefix, Limit: 1}, []string{"c1:m:m3", "c1:m:m2"}},
		{"cjk phrase", timeline.SearchQuery{Text: "你好", Mode: timeline.ModePhrase}, []string{"c1:m:m3"}},
		{"contact by folded name", timeline.SearchQuery{Text: "zoe muller"}, []string{"k1"}},
		{"notes", timeline.SearchQuery{Text: "prefers", Kinds: []string{timeline.KindNote}}, []string{"c1:e9"}},
		{"kinds exclude", timeline.SearchQuery{Text: "prefers", Kinds: []string{timeline.KindMessage}}, nil},
		{"channel", timeline.SearchQuery{Text: "invoice", Channel: "email"}, []string{"c2:m:m2", "c2:m:m1"}},
		{"agent", timeline.SearchQuery{Text: "invoice", AgentID: "agent-2"}, []string{"c2:m:m2"}},
		{"tag", timeline.SearchQuery{Text: "order", Tag: "REFUND"}, []string{"c1:m:m3", "c1:m:m2"}},
		{"tag excludes", timeline.SearchQuery{Text: "invoice", Tag: "refund"}, nil},
		{"date range", timeline.SearchQuery{Text: "invoice", From: T0.Add(24 * time.Hour), To: T0.Add(24*time.Hour + 31*time.Minute)}, []string{"c2:m:m2", "c2:m:m1"}},
		{"visible inboxes", timeline.SearchQuery{Text: "invoice", Inboxes: []string{"in-wa"}}, nil},
		{"visible inboxes 2", timeline.SearchQuery{Text: "invoice", Inboxes: []string{"in-mail", "x"}}, []string{"c2:m:m2", "c2:m:m1"}},
		{"assignee scope", timeline.SearchQuery{Text: "order", Assignees: []string{"agent-1", ""}}, []string{"c1:m:m3", "c1:m:m2"}},
		{"unassigned only", timeline.SearchQuery{Text: "order", Assignees: []string{""}}, nil},
		{"no conversation visible", timeline.SearchQuery{Text: "zoe", Assignees: []string{}}, []string{"k1"}},
		{"query syntax is text", timeline.SearchQuery{Text: `invoice AND "x" OR y:* ~2 \ /re/`}, nil},
	}
	for _, c := range cases {
		got := hitIDs(search(t, r, AccountX, c.q))
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %q got %v, want %v", c.name, c.q.Text, got, c.want)
		}
	}
	hits := search(t, r, AccountX, timeline.SearchQuery{Text: "cafe"})
	if len(hits) != 1 || !strings.Contains(hits[0].Highlight, "<em>Café</em>") || hits[0].ConversationID != "c1" {
		t.Fatalf("highlight of cafe: %+v", hits)
	}
	note := search(t, r, AccountX, timeline.SearchQuery{Text: "phone"})
	if len(note) != 1 || !strings.Contains(note[0].Highlight, "&lt;b&gt;<em>phone</em>&lt;") {
		t.Fatalf("highlight is HTML-escaped: %+v", note)
	}
	other := search(t, r, AccountY, timeline.SearchQuery{Text: "cafe"})
	if got := hitIDs(other); !slices.Equal(got, []string{"c3:m:m1"}) {
		t.Fatalf("account y sees %v", got)
	}
}
