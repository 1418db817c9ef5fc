package assigner

import (
	"fmt"
	"slices"
	"testing"

	"github.com/parley-inbox/parley/domain/assignment"
	"github.com/parley-inbox/parley/domain/conversation"
)

func rrPolicy(balance bool, capacity int) assignment.SetPolicy {
	return assignment.SetPolicy{Policy: assignment.Policy{ID: "support", InboxID: "wa", Type: assignment.TypeRoundRobin,
		BalanceLoad: balance, OnlyOnlineAgents: true, Capacity: capacity}}
}

func TestOpenedIsAssignedWithItsReasons(t *testing.T) {
	e := newEnv(t, "ann", "bo", "cy")
	e.config(rrPolicy(false, 0))
	p := e.projector(e.cfg())
	e.open("c1", "wa", "hello")
	e.pump(p)
	got := e.assignments("c1")
	if len(got) != 1 {
		t.Fatalf("assignments: %+v", got)
	}
	a := got[0]
	if a.AgentID != "ann" || a.Reason != conversation.ReasonRoundRobin || a.Policy != "support" ||
		!slices.Equal(a.Candidates, []string{"ann", "bo", "cy"}) {
		t.Fatalf("assigned %+v", a)
	}
	var outcome, trigger string
	if err := e.pool.QueryRow(t.Context(), `SELECT outcome, trigger FROM assigner.decisions WHERE conversation_id = 'c1'`).Scan(&outcome, &trigger); err != nil {
		t.Fatal(err)
	}
	if outcome != "assigned" || trigger != "opened" {
		t.Fatalf("decision %s/%s", outcome, trigger)
	}
}

func TestRoundRobinThroughTheAssigner(t *testing.T) {
	e := newEnv(t, "ann", "bo", "cy")
	e.config(rrPolicy(false, 0))
	p := e.projector(e.cfg())
	counts := map[string]int{}
	for i := range 30 {
		id := fmt.Sprintf("c%d", i)
		e.open(id, "wa", "hi")
		e.pump(p)
		counts[e.assignee(id)]++
	}
	if counts["ann"] != 10 || counts["bo"] != 10 || counts["cy"] != 10 {
		t.Fatalf("round robin: %v", counts)
	}
}

// A redelivered event — the first delivery issued its command, then its
// transaction was lost before the commit — assigns once.
func TestRedeliveryAssignsOnce(t *testing.T) {
	e := newEnv(t, "ann", "bo")
	e.config(rrPolicy(false, 0))
	p := e.projector(e.cfg())
	e.pump(p)
	e.open("c1", "wa", "hi")
	if err := e.store.Settle(t.Context()); err != nil {
		t.Fatal(err)
	}
	evs, err := e.store.ReadAll(t.Context(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	e.apply(p, false, evs[len(evs)-3:]...) // issues the command, then "crashes"
	if got := e.assignments("c1"); len(got) != 1 || got[0].AgentID != "ann" {
		t.Fatalf("first delivery: %+v", got)
	}
	// The other agent is now the better pick: a re-decision would differ.
	e.presence.set("ann", false, e.now)
	other := e.projector(e.cfg()) // another process: a cold command cache
	e.pump(other)
	if got := e.assignments("c1"); len(got) != 1 || got[0].AgentID != "ann" {
		t.Fatalf("assignments after redelivery: %+v", got)
	}
}

// A conversation someone takes by hand before the assigner gets to it is
// left with them.
func TestHumanFirstWins(t *testing.T) {
	e := newEnv(t, "ann", "bo")
	e.config(rrPolicy(false, 0))
	p := e.projector(e.cfg())
	e.open("c1", "wa", "hi")
	e.conv("c1", admin, conversation.Accept{})
	e.pump(p)
	if got := e.assignments("c1"); len(got) != 1 || got[0].AgentID != "root" {
		t.Fatalf("assignments: %+v", got)
	}
	var outcome string
	if err := e.pool.QueryRow(t.Context(), `SELECT outcome FROM assigner.decisions WHERE conversation_id = 'c1'`).Scan(&outcome); err != nil {
		t.Fatal(err)
	}
	if outcome != outcomeSuperseded {
		t.Fatalf("outcome %s", outcome)
	}
}
