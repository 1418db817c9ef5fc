package conversation

import (
	"fmt"
	"strings"
	"testing"

	"github.com/parley-inbox/parley/domain"
)

func TestDecideAssignment(t *testing.T) {
	assigned := given(opened(ChannelSMS), ev(Assigned{AgentID: "agent-2", Reason: ReasonManual}))
	runDecide(t, []decideCase{
		{Name: "assign by rule with an explanation", Given: opened(ChannelSMS),
			When: AssignAgent{AgentID: "agent-2", Reason: ReasonRoundRobin, Policy: "billing-rr", RuleID: "rule-7", Candidates: []string{"agent-2", "agent-3"}},
			Then: ev(Assigned{AgentID: "agent-2", Reason: ReasonRoundRobin, Policy: "billing-rr", RuleID: "rule-7", Candidates: []string{"agent-2", "agent-3"}})},
		{Name: "reassign records the previous agent", Given: assigned, When: AssignAgent{AgentID: "agent-3", Reason: ReasonLoadBalance},
			Then: ev(Assigned{AgentID: "agent-3", PreviousAgentID: "agent-2", Reason: ReasonLoadBalance})},
		{Name: "assign the same agent is a no-op", Given: assigned, When: AssignAgent{AgentID: "agent-2", Reason: ReasonManual}},
		{Name: "assign without reason", Given: opened(ChannelSMS), When: AssignAgent{AgentID: "agent-2"},
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "reason"},
		{Name: "assign with duplicate candidates", Given: opened(ChannelSMS),
			When: AssignAgent{AgentID: "agent-2", Reason: ReasonRule, Candidates: []string{"a", "a"}},
			Kind: domain.KindInvalid, Code: domain.CodeDuplicate, Field: "candidates"},
		{Name: "assign team", Given: opened(ChannelSMS), When: AssignTeam{TeamID: "billing"}, Then: ev(TeamAssigned{TeamID: "billing"})},
		{Name: "move team", Given: given(opened(ChannelSMS), ev(TeamAssigned{TeamID: "billing"})), When: AssignTeam{TeamID: "sales"},
			Then: ev(TeamAssigned{TeamID: "sales", PreviousTeamID: "billing"})},
		{Name: "same team is a no-op", Given: given(opened(ChannelSMS), ev(TeamAssigned{TeamID: "billing"})), When: AssignTeam{TeamID: "billing"}},
		{Name: "team id required", Given: opened(ChannelSMS), When: AssignTeam{}, Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "team_id"},
		{Name: "unassign", Given: assigned, When: Unassign{}, Then: ev(Unassigned{PreviousAgentID: "agent-2"})},
		{Name: "unassign an unassigned conversation is a no-op", Given: opened(ChannelSMS), When: Unassign{}},
	})
}

func TestDecideAccept(t *testing.T) {
	mine := given(opened(ChannelSMS), ev(Assigned{AgentID: "agent-1", Reason: ReasonRoundRobin}))
	runDecide(t, []decideCase{
		{Name: "accepting an unassigned conversation assigns it", Given: opened(ChannelSMS), When: Accept{},
			Then: ev(Assigned{AgentID: "agent-1", Reason: ReasonManual}, Accepted{AgentID: "agent-1"})},
		{Name: "the assignee accepts", Given: mine, When: Accept{}, Then: ev(Accepted{AgentID: "agent-1"})},
		{Name: "accepting twice is a no-op", Given: given(mine, ev(Accepted{AgentID: "agent-1"})), When: Accept{}},
		{Name: "someone else's conversation", Given: mine, By: domain.Actor{Kind: domain.ActorAgent, ID: "agent-2"}, When: Accept{},
			Kind: domain.KindConflict, Code: CodeAssignedToOther, Msg: "agent-1"},
		{Name: "only agents accept", Given: opened(ChannelSMS), By: domain.Actor{Kind: domain.ActorBot, ID: "bot"}, When: Accept{},
			Kind: domain.KindForbidden, Code: CodeAgentRequired},
		{Name: "a bot-owned conversation", Given: ev(Opened{InboxID: "i", Channel: ChannelSMS, ContactID: "c", BotID: "b"}), When: Accept{},
			Kind: domain.KindConflict, Code: CodeBotOwned},
	})
	s := fold(given(mine, ev(Accepted{AgentID: "agent-1"}), ev(Assigned{AgentID: "agent-3", Reason: ReasonManual})))
	if s.AssigneeID != "agent-3" || s.Accepted {
		t.Fatalf("a reassignment resets acceptance: %+v", s)
	}
}

func TestDecideTags(t *testing.T) {
	vip := given(opened(ChannelSMS), ev(TagApplied{Tag: "vip"}))
	var full []domain.Event
	for i := range domain.MaxTags {
		full = append(full, TagApplied{Tag: fmt.Sprintf("t%d", i)})
	}
	runDecide(t, []decideCase{
		{Name: "apply", Given: opened(ChannelSMS), When: ApplyTag{Tag: "Refund"}, Then: ev(TagApplied{Tag: "Refund"})},
		{Name: "apply VIP when vip is present is a no-op", Given: vip, When: ApplyTag{Tag: "VIP"}},
		{Name: "apply a unicode tag in another case is a no-op", Given: given(opened(ChannelSMS), ev(TagApplied{Tag: "Ñandú"})), When: ApplyTag{Tag: "ñANDÚ"}},
		{Name: "the 51st tag", Given: given(opened(ChannelSMS), full), When: ApplyTag{Tag: "one-more"},
			Kind: domain.KindConflict, Code: CodeTooManyTags},
		{Name: "an existing tag when full is still a no-op", Given: given(opened(ChannelSMS), full), When: ApplyTag{Tag: "T1"}},
		{Name: "remove matches case-insensitively and names the stored tag", Given: vip, When: RemoveTag{Tag: "Vip"}, Then: ev(TagRemoved{Tag: "vip"})},
		{Name: "remove an absent tag is a no-op", Given: vip, When: RemoveTag{Tag: "refund"}},
		{Name: "tag of 65 characters", Given: vip, When: ApplyTag{Tag: strings.Repeat("x", 65)}, Kind: domain.KindInvalid, Code: domain.CodeTooLong, Field: "tag"},
		{Name: "empty tag", Given: vip, When: ApplyTag{Tag: ""}, Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "tag"},
		{Name: "tag with a comma", Given: vip, When: ApplyTag{Tag: "a,b"}, Kind: domain.KindInvalid, Code: domain.CodeBadTag, Field: "tag"},
		{Name: "tag with outer spaces", Given: vip, When: ApplyTag{Tag: " a"}, Kind: domain.KindInvalid, Code: domain.CodeBadTag, Field: "tag"},
	})
	s := fold(given(vip, ev(TagApplied{Tag: "Refund"}, TagRemoved{Tag: "vip"})))
	if len(s.Tags) != 1 || s.Tags[0] != "Refund" {
		t.Fatalf("tags = %v", s.Tags)
	}
}

func TestDecideReferences(t *testing.T) {
	linked := given(opened(ChannelSMS), ev(ReferenceLinked{Kind: RefDeal, ExternalID: "D-1", URL: "https://crm.example/deals/1"}))
	runDecide(t, []decideCase{
		{Name: "link", Given: opened(ChannelSMS), When: LinkReference{Kind: RefTicket, ExternalID: "T-9", URL: "https://desk.example/t/9"},
			Then: ev(ReferenceLinked{Kind: RefTicket, ExternalID: "T-9", URL: "https://desk.example/t/9"})},
		{Name: "link again is a no-op", Given: linked, When: LinkReference{Kind: RefDeal, ExternalID: "D-1"}},
		{Name: "same id, other kind", Given: linked, When: LinkReference{Kind: RefTask, ExternalID: "D-1"},
			Then: ev(ReferenceLinked{Kind: RefTask, ExternalID: "D-1"})},
		{Name: "unlink", Given: linked, When: UnlinkReference{Kind: RefDeal, ExternalID: "D-1"}, Then: ev(ReferenceUnlinked{Kind: RefDeal, ExternalID: "D-1"})},
		{Name: "unlink absent", Given: linked, When: UnlinkReference{Kind: RefDeal, ExternalID: "D-2"}, Kind: domain.KindNotFound, Code: CodeReferenceNotFound},
		{Name: "unknown kind", Given: linked, When: LinkReference{Kind: "invoice", ExternalID: "1"}, Kind: domain.KindInvalid, Code: CodeBadEnum, Field: "kind"},
		{Name: "bad url", Given: linked, When: LinkReference{Kind: RefDeal, ExternalID: "1", URL: "javascript:alert(1)"},
			Kind: domain.KindInvalid, Code: domain.CodeBadURL, Field: "url"},
	})
}
