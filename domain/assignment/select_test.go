package assignment

import (
	"slices"
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain/conversation"
)

func agents(online bool, ids ...string) []Agent {
	out := make([]Agent, len(ids))
	for i, id := range ids {
		out[i] = Agent{ID: id, Online: online}
	}
	return out
}

func TestSelectPolicies(t *testing.T) {
	wa := func(p Policy, more ...func(*State)) State {
		s := fold(PolicySet{Policy: p})
		for _, f := range more {
			f(&s)
		}
		return s
	}
	base := Input{Conversation: Conversation{InboxID: "wa", Channel: "whatsapp"}, InboxAgents: []string{"ann", "bo", "cy"}, Now: t0}
	with := func(f func(*Input)) Input { in := base; in.Agents = agents(true, "ann", "bo", "cy"); f(&in); return in }
	cases := []struct {
		name string
		s    State
		in   Input
		want Decision
	}{
		{"round robin: least recently assigned", wa(rr("p", "wa")), with(func(in *Input) {
			in.Agents[0].LastAssigned, in.Agents[1].LastAssigned, in.Agents[2].LastAssigned = 3, 1, 2
		}), Decision{Outcome: OutcomeAssigned, AgentID: "bo", Reason: conversation.ReasonRoundRobin, Policy: "p", Candidates: []string{"ann", "bo", "cy"}}},
		{"only online agents", wa(rr("p", "wa")), with(func(in *Input) { in.Agents[0].Online, in.Agents[1].Online = false, false }),
			Decision{Outcome: OutcomeAssigned, AgentID: "cy", Reason: conversation.ReasonRoundRobin, Policy: "p", Candidates: []string{"cy"}}},
		{"offline agents when the policy allows", wa(Policy{ID: "p", InboxID: "wa", Type: TypeRoundRobin}), with(func(in *Input) { in.Agents = agents(false, "ann") }),
			Decision{Outcome: OutcomeAssigned, AgentID: "ann", Reason: conversation.ReasonRoundRobin, Policy: "p", Candidates: []string{"ann"}}},
		{"nobody online waits", wa(rr("p", "wa")), with(func(in *Input) { in.Agents = agents(false, "ann", "bo") }),
			Decision{Outcome: OutcomeWaiting, Policy: "p", Candidates: []string{}}},
		{"balance load: fewest open, ties to the longest wait", wa(Policy{ID: "p", InboxID: "wa", Type: TypeRoundRobin, BalanceLoad: true}), with(func(in *Input) {
			in.Agents[0].Open, in.Agents[1].Open, in.Agents[2].Open = 1, 2, 1
			in.Agents[0].LastAssigned, in.Agents[2].LastAssigned = 9, 4
		}), Decision{Outcome: OutcomeAssigned, AgentID: "cy", Reason: conversation.ReasonLoadBalance, Policy: "p", Candidates: []string{"ann", "bo", "cy"}}},
		{"capacity: full agents are skipped (per-inbox override)", wa(Policy{ID: "p", InboxID: "wa", Type: TypeRoundRobin, Capacity: 2},
			func(s *State) { s.Settings.DefaultCapacity = 10 }), with(func(in *Input) { in.Agents[0].Open, in.Agents[1].Open, in.Agents[2].Open = 2, 1, 2 }),
			Decision{Outcome: OutcomeAssigned, AgentID: "bo", Reason: conversation.ReasonRoundRobin, Policy: "p", Candidates: []string{"bo"}}},
		{"capacity: account default", wa(rr("p", "wa"), func(s *State) { s.Settings.DefaultCapacity = 1 }), with(func(in *Input) { in.Agents[0].Open, in.Agents[1].Open, in.Agents[2].Open = 1, 1, 1 }),
			Decision{Outcome: OutcomeWaiting, Policy: "p", Candidates: []string{}}},
		{"last agent", wa(Policy{ID: "p", InboxID: "wa", Type: TypeLastAgent, OnlyOnlineAgents: true}), with(func(in *Input) { in.Conversation.LastAgentID = "cy" }),
			Decision{Outcome: OutcomeAssigned, AgentID: "cy", Reason: conversation.ReasonLastAgent, Policy: "p", Candidates: []string{"ann", "bo", "cy"}}},
		{"last agent offline falls back", wa(Policy{ID: "p", InboxID: "wa", Type: TypeLastAgent, OnlyOnlineAgents: true, BalanceLoad: true}), with(func(in *Input) {
			in.Conversation.LastAgentID = "cy"
			in.Agents[2].Online, in.Agents[0].Open = false, 1
		}), Decision{Outcome: OutcomeAssigned, AgentID: "bo", Reason: conversation.ReasonLoadBalance, Policy: "p", Candidates: []string{"ann", "bo"}}},
		{"team group narrows the pool", wa(Policy{ID: "p", InboxID: "wa", Type: TypeRoundRobin, GroupID: "support"}), with(func(in *Input) {
			in.Teams = map[string][]string{"support": {"bo", "zed"}}
		}), Decision{Outcome: OutcomeAssigned, AgentID: "bo", Reason: conversation.ReasonRoundRobin, Policy: "p", Candidates: []string{"bo"}}},
		{"agents outside the inbox never qualify", wa(rr("p", "wa")), with(func(in *Input) { in.InboxAgents = []string{"cy"} }),
			Decision{Outcome: OutcomeAssigned, AgentID: "cy", Reason: conversation.ReasonRoundRobin, Policy: "p", Candidates: []string{"cy"}}},
		{"the account default policy", wa(rr("d", "")), with(func(*Input) {}),
			Decision{Outcome: OutcomeAssigned, AgentID: "ann", Reason: conversation.ReasonRoundRobin, Policy: "d", Candidates: []string{"ann", "bo", "cy"}}},
		{"no policy", State{}, with(func(*Input) {}), Decision{Outcome: OutcomeNoPolicy}},
		{"manual policy leaves it", wa(Policy{ID: "p", InboxID: "wa", Type: TypeManual}), with(func(*Input) {}), Decision{Outcome: OutcomeLeft, Policy: "p"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Select(tc.s, tc.in)
			if !equalDecision(got, tc.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestSelectRules(t *testing.T) {
	s := fold(
		PolicySet{Policy: rr("p", "")},
		RuleSet{Rule: rule("night", Conditions{BusinessHours: &BusinessHours{TimeZone: "America/Sao_Paulo", Outside: true,
			Windows: []Window{{Day: time.Monday, From: "08:00", To: "18:00"}}}}, Action{Type: ActionLeave}), Position: 0},
		RuleSet{Rule: rule("vip", Conditions{Tags: []string{"VIP"}, ContactFields: map[string]string{"plan": "Gold"}},
			Action{Type: ActionAssignTeam, TeamID: "gold"}), Position: 1},
		RuleSet{Rule: rule("refund", Conditions{Channels: []string{"email"}, Keywords: []string{"refund", "chargeback"}},
			Action{Type: ActionAssignAgent, AgentID: "cy"}), Position: 2},
		RuleSet{Rule: rule("sms", Conditions{Inboxes: []string{"sms-br"}}, Action{Type: ActionLeave}), Position: 3},
	)
	day := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)   // Monday 11:00 in São Paulo
	night := time.Date(2026, 3, 2, 23, 0, 0, 0, time.UTC) // Monday 20:00 there
	in := func(conv Conversation, now time.Time) Input {
		return Input{Conversation: conv, Agents: agents(true, "ann", "bo", "cy"), InboxAgents: []string{"ann", "bo", "cy"},
			Teams: map[string][]string{"gold": {"bo"}}, Now: now, Zone: time.LoadLocation}
	}
	cases := []struct {
		name string
		in   Input
		want Decision
	}{
		{"outside business hours: left", in(Conversation{InboxID: "wa"}, night), Decision{Outcome: OutcomeLeft, RuleID: "night", Policy: "p", Reason: conversation.ReasonRule}},
		{"tag and contact field: team", in(Conversation{InboxID: "wa", Tags: []string{"vip"}, ContactFields: map[string]string{"plan": "gold"}}, day),
			Decision{Outcome: OutcomeAssigned, AgentID: "bo", TeamID: "gold", RuleID: "vip", Policy: "p", Reason: conversation.ReasonRule, Candidates: []string{"bo"}}},
		{"contact field must match too", in(Conversation{InboxID: "wa", Tags: []string{"vip"}}, day),
			Decision{Outcome: OutcomeAssigned, AgentID: "ann", Policy: "p", Reason: conversation.ReasonRoundRobin, Candidates: []string{"ann", "bo", "cy"}}},
		{"keyword on a channel: agent", in(Conversation{InboxID: "mail", Channel: "email", Text: "I want a REFUND now"}, day),
			Decision{Outcome: OutcomeAssigned, AgentID: "cy", RuleID: "refund", Policy: "p", Reason: conversation.ReasonRule, Candidates: []string{"cy"}}},
		{"keyword on another channel: no match", in(Conversation{InboxID: "wa", Channel: "whatsapp", Text: "refund"}, day),
			Decision{Outcome: OutcomeAssigned, AgentID: "ann", Policy: "p", Reason: conversation.ReasonRoundRobin, Candidates: []string{"ann", "bo", "cy"}}},
		{"inbox rule", in(Conversation{InboxID: "sms-br"}, day), Decision{Outcome: OutcomeLeft, RuleID: "sms", Policy: "p", Reason: conversation.ReasonRule}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Select(s, tc.in); !equalDecision(got, tc.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
	t.Run("unknown time zone never matches", func(t *testing.T) {
		c := Conditions{BusinessHours: &BusinessHours{TimeZone: "Mars/Olympus", Windows: []Window{{Day: time.Monday, From: "00:00", To: "24:00"}}}}
		if Matches(c, in(Conversation{}, day)) {
			t.Fatal("matched with an unknown zone")
		}
	})
}

func equalDecision(a, b Decision) bool {
	if len(a.Candidates) == 0 && len(b.Candidates) == 0 {
		a.Candidates, b.Candidates = nil, nil
	}
	return a.Outcome == b.Outcome && a.AgentID == b.AgentID && a.TeamID == b.TeamID && a.Reason == b.Reason &&
		a.Policy == b.Policy && a.RuleID == b.RuleID && slices.Equal(a.Candidates, b.Candidates)
}
