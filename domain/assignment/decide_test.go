package assignment

import (
	"testing"

	"github.com/parley-inbox/parley/domain"
)

func TestDecidePolicies(t *testing.T) {
	p := rr("p1", "wa")
	runDecide(t, []decideCase{
		{Name: "set a policy", When: SetPolicy{Policy: p}, Then: ev(PolicySet{Policy: p})},
		{Name: "setting it again is a no-op", Given: ev(PolicySet{Policy: p}), When: SetPolicy{Policy: p}},
		{Name: "change it", Given: ev(PolicySet{Policy: p}), When: SetPolicy{Policy: Policy{ID: "p1", InboxID: "wa", Type: TypeLastAgent}},
			Then: ev(PolicySet{Policy: Policy{ID: "p1", InboxID: "wa", Type: TypeLastAgent}})},
		{Name: "one policy per inbox", Given: ev(PolicySet{Policy: p}), When: SetPolicy{Policy: rr("p2", "wa")},
			Kind: domain.KindConflict, Code: CodeInboxHasPolicy},
		{Name: "one account default", Given: ev(PolicySet{Policy: rr("d1", "")}), When: SetPolicy{Policy: rr("d2", "")},
			Kind: domain.KindConflict, Code: CodeInboxHasPolicy, Msg: "account default"},
		{Name: "unknown type", When: SetPolicy{Policy: Policy{ID: "p", Type: "random"}},
			Kind: domain.KindInvalid, Code: domain.CodeBadValue, Field: "policy.assignment_type"},
		{Name: "capacity bounded", When: SetPolicy{Policy: Policy{ID: "p", Type: TypeRoundRobin, Capacity: MaxCapacity + 1}},
			Kind: domain.KindInvalid, Code: domain.CodeBadValue, Field: "policy.capacity"},
		{Name: "remove", Given: ev(PolicySet{Policy: p}), When: RemovePolicy{PolicyID: "p1"}, Then: ev(PolicyRemoved{PolicyID: "p1"})},
		{Name: "remove unknown", When: RemovePolicy{PolicyID: "p1"}, Kind: domain.KindNotFound, Code: CodePolicyNotFound},
		{Name: "contacts may not configure", By: domain.Actor{Kind: domain.ActorContact, ID: "c"}, When: SetPolicy{Policy: p},
			Kind: domain.KindForbidden, Code: CodeAdminOnly},
	})
}

func TestDecideRules(t *testing.T) {
	a := rule("a", Conditions{Tags: []string{"vip"}}, Action{Type: ActionAssignTeam, TeamID: "gold"})
	b := rule("b", Conditions{Keywords: []string{"refund"}}, Action{Type: ActionLeave})
	c := rule("c", Conditions{}, Action{Type: ActionAssignAgent, AgentID: "ann"})
	runDecide(t, []decideCase{
		{Name: "a new rule goes last", Given: ev(RuleSet{Rule: a}), When: SetRule{Rule: b}, Then: ev(RuleSet{Rule: b, Position: 1})},
		{Name: "or where it is put", Given: ev(RuleSet{Rule: a}), When: SetRule{Rule: b, Position: ptr(0)}, Then: ev(RuleSet{Rule: b, Position: 0})},
		{Name: "a position past the end is the end", Given: ev(RuleSet{Rule: a}), When: SetRule{Rule: b, Position: ptr(9)}, Then: ev(RuleSet{Rule: b, Position: 1})},
		{Name: "a replaced rule keeps its place", Given: ev(RuleSet{Rule: a}, RuleSet{Rule: b, Position: 1}),
			When: SetRule{Rule: rule("a", Conditions{}, Action{Type: ActionLeave})},
			Then: ev(RuleSet{Rule: rule("a", Conditions{}, Action{Type: ActionLeave}), Position: 0})},
		{Name: "unchanged is a no-op", Given: ev(RuleSet{Rule: a}), When: SetRule{Rule: a}},
		{Name: "reorder", Given: ev(RuleSet{Rule: a}, RuleSet{Rule: b, Position: 1}), When: ReorderRules{RuleIDs: []string{"b", "a"}},
			Then: ev(RulesReordered{RuleIDs: []string{"b", "a"}})},
		{Name: "reorder must be a permutation", Given: ev(RuleSet{Rule: a}, RuleSet{Rule: b, Position: 1}),
			When: ReorderRules{RuleIDs: []string{"a", "c"}}, Kind: domain.KindInvalid, Code: CodeNotAPermutation},
		{Name: "remove", Given: ev(RuleSet{Rule: c}), When: RemoveRule{RuleID: "c"}, Then: ev(RuleRemoved{RuleID: "c"})},
		{Name: "remove unknown", When: RemoveRule{RuleID: "c"}, Kind: domain.KindNotFound, Code: CodeRuleNotFound},
		{Name: "team action needs a team", When: SetRule{Rule: rule("x", Conditions{}, Action{Type: ActionAssignTeam})},
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "rule.action.team_id"},
		{Name: "bad hours", When: SetRule{Rule: rule("x", Conditions{BusinessHours: &BusinessHours{TimeZone: "UTC",
			Windows: []Window{{Day: 1, From: "18:00", To: "09:00"}}}}, Action{Type: ActionLeave})},
			Kind: domain.KindInvalid, Code: domain.CodeBadValue, Field: "rule.conditions.business_hours.windows[0]"},
		{Name: "settings", When: ChangeSettings{Settings: Settings{DefaultCapacity: 3}}, Then: ev(SettingsChanged{Settings: Settings{DefaultCapacity: 3}})},
		{Name: "same settings", Given: ev(SettingsChanged{Settings: Settings{DefaultCapacity: 3}}), When: ChangeSettings{Settings: Settings{DefaultCapacity: 3}}},
	})
}

func TestEvolveRuleOrder(t *testing.T) {
	s := fold(
		RuleSet{Rule: Rule{ID: "a"}, Position: 0},
		RuleSet{Rule: Rule{ID: "b"}, Position: 1},
		RuleSet{Rule: Rule{ID: "c"}, Position: 0},
		RuleSet{Rule: Rule{ID: "a"}, Position: 2}, // moves a last
		RuleRemoved{RuleID: "b"},
	)
	var got []string
	for _, r := range s.Rules {
		got = append(got, r.ID)
	}
	if len(got) != 2 || got[0] != "c" || got[1] != "a" {
		t.Fatalf("rules = %v, want [c a]", got)
	}
}
