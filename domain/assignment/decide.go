package assignment

import (
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/parley-inbox/parley/domain"
)

// Stable error codes of assignment configuration decisions.
const (
	CodePolicyNotFound  = "policy_not_found"
	CodeInboxHasPolicy  = "inbox_has_policy"
	CodeRuleNotFound    = "rule_not_found"
	CodeTooManyRules    = "too_many_rules"
	CodeTooManyPolicies = "too_many_policies"
	CodeNotAPermutation = "not_a_permutation"
	CodeAdminOnly       = "admin_only"
)

// Bounds of a configuration.
const (
	MaxRules    = 100
	MaxPolicies = 500
)

// Decide returns the events command c produces on state s, or a
// *domain.Error; nil events and nil error mean "already so". by must be
// staff (not a contact or a bot); now is unused, kept for the shape every
// aggregate shares.
func Decide(s State, c Command, by domain.Actor, _ time.Time) ([]domain.Event, error) {
	if c == nil {
		return nil, domain.Invalid("", domain.CodeRequired, "a command is required")
	}
	if by.Kind == domain.ActorContact || by.Kind == domain.ActorBot {
		return nil, domain.Forbidden(CodeAdminOnly, "only staff may change assignment configuration")
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	switch c := c.(type) {
	case SetPolicy:
		return decideSetPolicy(s, c.Policy)
	case RemovePolicy:
		if _, ok := s.Policies[c.PolicyID]; !ok {
			return nil, domain.NotFound(CodePolicyNotFound, "no policy %q", c.PolicyID)
		}
		return []domain.Event{PolicyRemoved(c)}, nil
	case SetRule:
		return decideSetRule(s, c)
	case RemoveRule:
		if s.ruleIndex(c.RuleID) < 0 {
			return nil, domain.NotFound(CodeRuleNotFound, "no rule %q", c.RuleID)
		}
		return []domain.Event{RuleRemoved(c)}, nil
	case ReorderRules:
		return decideReorder(s, c)
	case ChangeSettings:
		if c.Settings == s.Settings {
			return nil, nil
		}
		return []domain.Event{SettingsChanged(c)}, nil
	}
	return nil, domain.Invalid("", "unknown_command", "%s", fmt.Sprintf("unknown assignment command %T", c))
}

func decideSetPolicy(s State, p Policy) ([]domain.Event, error) {
	old, exists := s.Policies[p.ID]
	if exists && reflect.DeepEqual(old, p) {
		return nil, nil
	}
	if !exists && len(s.Policies) >= MaxPolicies {
		return nil, domain.Conflict(CodeTooManyPolicies, "an account has at most %d policies", MaxPolicies)
	}
	for _, other := range s.Policies {
		if other.ID != p.ID && other.InboxID == p.InboxID {
			what := fmt.Sprintf("inbox %q", p.InboxID)
			if p.InboxID == "" {
				what = "the account default"
			}
			return nil, domain.Conflict(CodeInboxHasPolicy, "%s already has policy %q", what, other.ID)
		}
	}
	return []domain.Event{PolicySet{Policy: p}}, nil
}

func decideSetRule(s State, c SetRule) ([]domain.Event, error) {
	i := s.ruleIndex(c.Rule.ID)
	if i < 0 && len(s.Rules) >= MaxRules {
		return nil, domain.Conflict(CodeTooManyRules, "an account has at most %d rules", MaxRules)
	}
	last := len(s.Rules) // a new rule's place at the end
	if i >= 0 {
		last = len(s.Rules) - 1
	}
	pos := last
	if i >= 0 {
		pos = i
	}
	if c.Position != nil {
		pos = min(*c.Position, last)
	}
	if i >= 0 && pos == i && reflect.DeepEqual(s.Rules[i], c.Rule) {
		return nil, nil
	}
	return []domain.Event{RuleSet{Rule: c.Rule, Position: pos}}, nil
}

func decideReorder(s State, c ReorderRules) ([]domain.Event, error) {
	have := make([]string, len(s.Rules))
	for i, r := range s.Rules {
		have[i] = r.ID
	}
	if slices.Equal(have, c.RuleIDs) {
		return nil, nil
	}
	want := slices.Sorted(slices.Values(c.RuleIDs))
	if !slices.Equal(slices.Sorted(slices.Values(have)), want) {
		return nil, domain.Invalid("rule_ids", CodeNotAPermutation, "must list every rule exactly once")
	}
	return []domain.Event{RulesReordered(c)}, nil
}
