package assigner

import (
	"testing"

	"github.com/parley-inbox/parley/domain/assignment"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
)

func TestRulesRouteAsConfigured(t *testing.T) {
	e := newEnv(t, "ann", "bo", "cy")
	e.dir.Members[acc]["billing"] = []string{"cy"}
	e.config(
		rrPolicy(false, 0),
		assignment.SetRule{Rule: assignment.Rule{ID: "refunds", Conditions: assignment.Conditions{Keywords: []string{"refund"}},
			Action: assignment.Action{Type: assignment.ActionAssignTeam, TeamID: "billing"}}},
		assignment.SetRule{Rule: assignment.Rule{ID: "gold", Conditions: assignment.Conditions{ContactFields: map[string]string{"plan": "gold"}},
			Action: assignment.Action{Type: assignment.ActionAssignAgent, AgentID: "bo"}}},
		assignment.SetRule{Rule: assignment.Rule{ID: "mail", Conditions: assignment.Conditions{Inboxes: []string{"mail"}},
			Action: assignment.Action{Type: assignment.ActionLeave}}},
	)
	p := e.projector(e.cfg())
	e.open("refund", "wa", "I want a Refund please")
	if _, err := e.cmds.Contact(t.Context(), "c-vip", contact.CreateContact{DisplayName: "V", CustomFields: map[string]string{"plan": "Gold"}},
		metaFor(acc, admin, e.seq.Add(1))); err != nil {
		t.Fatal(err)
	}
	e.conv("vip", customer, conversation.OpenConversation{InboxID: "wa", Channel: conversation.ChannelTelegram, ContactID: "c-vip",
		FirstInbound: &conversation.ReceiveMessage{MessageID: "m1", Type: conversation.TypeText, Text: "hi", SentAt: e.now}})
	e.open("mail", "mail", "hello")
	e.open("plain", "wa", "hello")
	e.pump(p)

	r := e.assignments("refund")
	if len(r) != 1 || r[0].AgentID != "cy" || r[0].Reason != conversation.ReasonRule || r[0].RuleID != "refunds" {
		t.Fatalf("refund: %+v", r)
	}
	if s := e.state("refund"); s.TeamID != "billing" {
		t.Fatalf("refund team %q", s.TeamID)
	}
	if v := e.assignments("vip"); len(v) != 1 || v[0].AgentID != "bo" || v[0].RuleID != "gold" {
		t.Fatalf("vip: %+v", v)
	}
	if m := e.assignments("mail"); len(m) != 0 {
		t.Fatalf("mail: %+v", m)
	}
	if pl := e.assignments("plain"); len(pl) != 1 || pl[0].RuleID != "" || pl[0].Reason != conversation.ReasonRoundRobin {
		t.Fatalf("plain: %+v", pl)
	}
}
