package assignment

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// assignAll runs n conversations through Select, updating the agents the
// way the assigner does, and returns how many each agent got. close, if
// set, runs after each conversation (to close some, or check invariants).
func assignAll(t *testing.T, s State, ag []Agent, n int, after func(i int, ag []Agent)) map[string]int {
	t.Helper()
	ids := make([]string, len(ag))
	for i, a := range ag {
		ids[i] = a.ID
	}
	got := map[string]int{}
	var seq uint64
	for i := range n {
		d := Select(s, Input{Conversation: Conversation{InboxID: "wa"}, Agents: ag, InboxAgents: ids, Now: t0})
		if d.Outcome == OutcomeAssigned {
			j := slices.IndexFunc(ag, func(a Agent) bool { return a.ID == d.AgentID })
			seq++
			ag[j].Open++
			ag[j].LastAssigned = seq
			got[d.AgentID]++
		}
		if after != nil {
			after(i, ag)
		}
	}
	return got
}

func TestRoundRobinFairness(t *testing.T) {
	s := fold(PolicySet{Policy: rr("p", "wa")})
	ag := agents(true, "a1", "a2", "a3", "a4", "a5", "a6", "a7")
	got := assignAll(t, s, ag, 10_000, nil)
	lo, hi := 10_000, 0
	for _, a := range ag {
		lo, hi = min(lo, got[a.ID]), max(hi, got[a.ID])
	}
	if hi-lo > 1 {
		t.Fatalf("round robin spread %d..%d over 10,000 conversations: %v", lo, hi, got)
	}
}

func TestRoundRobinFairnessWithAgentsComingAndGoing(t *testing.T) {
	s := fold(PolicySet{Policy: rr("p", "wa")})
	ag := agents(true, "a1", "a2", "a3", "a4", "a5")
	ag[4].Online = false
	// a5 joins after 5,000: from then on the five must stay within one of
	// each other over what they received together.
	counts := map[string]int{}
	var seq uint64
	for i := range 10_000 {
		if i == 5_000 {
			ag[4].Online = true
			clear(counts)
			// A newcomer has waited longest (never assigned); it catches up
			// by one turn, then the rotation is even.
		}
		d := Select(s, Input{Conversation: Conversation{InboxID: "wa"}, Agents: ag, InboxAgents: []string{"a1", "a2", "a3", "a4", "a5"}})
		j := slices.IndexFunc(ag, func(a Agent) bool { return a.ID == d.AgentID })
		seq++
		ag[j].LastAssigned = seq
		counts[d.AgentID]++
	}
	lo, hi := 10_000, 0
	for _, a := range ag {
		lo, hi = min(lo, counts[a.ID]), max(hi, counts[a.ID])
	}
	if hi-lo > 1 {
		t.Fatalf("spread %d..%d after a join: %v", lo, hi, counts)
	}
}

func TestBalanceLoadKeepsCapacity(t *testing.T) {
	const capacity = 4
	s := fold(PolicySet{Policy: Policy{ID: "p", InboxID: "wa", Type: TypeRoundRobin, BalanceLoad: true, OnlyOnlineAgents: true, Capacity: capacity}})
	ag := agents(true, "a1", "a2", "a3", "a4", "a5", "a6")
	rng := rand.New(rand.NewPCG(1, 2))
	got := assignAll(t, s, ag, 10_000, func(i int, ag []Agent) {
		for j := range ag {
			if ag[j].Open > capacity {
				t.Fatalf("conversation %d: %s holds %d open, capacity %d", i, ag[j].ID, ag[j].Open, capacity)
			}
			if ag[j].Open > 0 && rng.IntN(8) == 0 { // agents close conversations at random, slower than they arrive
				ag[j].Open--
			}
		}
	})
	total := 0
	for _, n := range got {
		total += n
	}
	if total == 0 || total == 10_000 || len(got) != len(ag) {
		t.Fatalf("assignments %d: %v (want some to wait with everyone full)", total, got)
	}
	t.Logf("assigned %d of 10,000 (the rest waited: everyone full); per agent %v", total, got)
}
