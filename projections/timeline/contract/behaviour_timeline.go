package contract

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/parley-inbox/parley/projections/timeline"
)

// allPages follows a timeline's cursor to the end.
func allPages(t *testing.T, r timeline.Reader, account, conv string, q timeline.TimelineQuery) []timeline.Entry {
	t.Helper()
	var out []timeline.Entry
	for range 100 {
		p, err := r.Timeline(context.Background(), account, conv, q)
		if err != nil {
			t.Fatalf("timeline %s %+v: %v", conv, q, err)
		}
		out = append(out, p.Entries...)
		if p.Next == 0 {
			return out
		}
		q.After = p.Next
	}
	t.Fatal("timeline: more than 100 pages")
	return nil
}

func kinds(es []timeline.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Kind+":"+e.Status)
	}
	return out
}

func testTimeline(t *testing.T, a Adapter) {
	Project(t, a, Scenario(t), 5)
	r := a.Reader
	all := allPages(t, r, AccountX, "c1", timeline.TimelineQuery{Limit: 4})
	want := []string{"status:opened", "session:started", "message:", "assignment:team_assigned", "assignment:assigned",
		"tag:applied", "message:", "note:", "status:closed", "status:reopened", "session:started", "message:", "message:", "status:closed"}
	if got := kinds(all); !slices.Equal(got, want) {
		t.Fatalf("c1 timeline oldest first:\n got %v\nwant %v", got, want)
	}
	for i := 1; i < len(all); i++ {
		if all[i].Position <= all[i-1].Position {
			t.Fatalf("entries out of order at %d", i)
		}
	}
	newest := allPages(t, r, AccountX, "c1", timeline.TimelineQuery{Limit: 3, Newest: true})
	slices.Reverse(newest)
	if !slices.EqualFunc(newest, all, func(a, b timeline.Entry) bool { return a.ID == b.ID }) {
		t.Fatalf("newest first is not the reverse of oldest first")
	}
	m2 := all[6]
	if m2.MessageID != "m2" || m2.DeliveryStatus != "delivered" || len(m2.Deliveries) != 3 ||
		m2.Deliveries[1].Status != "sent" || m2.ActorID != "agent-1" || m2.Direction != "outbound" {
		t.Fatalf("m2 entry = %+v", m2)
	}
	if m1 := all[2]; m1.Source != "google_ads" || m1.AdID != "ad-1" || m1.Channel != "whatsapp" || m1.InboxID != "in-wa" || m1.ContactID != "k1" {
		t.Fatalf("m1 entry = %+v", m1)
	}
	if as := all[4]; as.AgentID != "agent-1" || as.Reason != "round_robin" {
		t.Fatalf("assignment entry = %+v", as)
	}
	msgs := allPages(t, r, AccountX, "c1", timeline.TimelineQuery{Kinds: []string{timeline.KindMessage, timeline.KindNote}})
	if len(msgs) != 5 {
		t.Fatalf("messages and notes: %v", kinds(msgs))
	}
	byAgent := allPages(t, r, AccountX, "c1", timeline.TimelineQuery{AgentID: "agent-1"})
	if got := kinds(byAgent); !slices.Equal(got, []string{"tag:applied", "message:", "note:", "status:closed"}) {
		t.Fatalf("agent-1's entries: %v", got)
	}
	window := allPages(t, r, AccountX, "c1", timeline.TimelineQuery{From: T0.Add(5 * time.Minute), To: T0.Add(time.Hour)})
	if got := kinds(window); !slices.Equal(got, []string{"message:", "note:"}) {
		t.Fatalf("entries in [T0+5m, T0+1h): %v", got)
	}
	c1, err := r.Conversation(context.Background(), AccountX, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if c1.AssigneeID != "agent-1" || c1.TeamID != "team-a" || !slices.Equal(c1.Tags, []string{"refund"}) || c1.Session != 2 ||
		c1.Reopens != 1 || c1.AdSource != "google_ads" || c1.Status != "closed" || c1.InboxID != "in-wa" {
		t.Fatalf("c1 = %+v", c1)
	}
	for _, acct := range []string{AccountY, "nobody"} {
		if _, err := r.Conversation(context.Background(), acct, "c1"); !errors.Is(err, timeline.ErrNotFound) {
			t.Fatalf("c1 conversation read from %s: err = %v, want ErrNotFound", acct, err)
		}
		if _, err := r.Timeline(context.Background(), acct, "c1", timeline.TimelineQuery{}); !errors.Is(err, timeline.ErrNotFound) {
			t.Fatalf("c1 read from %s: err = %v, want ErrNotFound", acct, err)
		}
	}
	if _, err := r.Timeline(context.Background(), AccountX, "c1", timeline.TimelineQuery{Limit: timeline.MaxPageSize + 1}); !errors.Is(err, timeline.ErrInvalidQuery) {
		t.Fatalf("oversized page: err = %v", err)
	}
}
