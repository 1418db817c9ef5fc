package assignment

import (
	"slices"

	"github.com/parley-inbox/parley/domain"
)

// Evolve returns the state after event e. It may update s's map and slice
// in place: treat s as consumed (State.Clone keeps an earlier one).
func Evolve(s State, e domain.Event) State {
	switch e := e.(type) {
	case PolicySet:
		if s.Policies == nil {
			s.Policies = map[string]Policy{}
		}
		s.Policies[e.Policy.ID] = e.Policy
	case PolicyRemoved:
		delete(s.Policies, e.PolicyID)
	case RuleSet:
		if i := s.ruleIndex(e.Rule.ID); i >= 0 {
			s.Rules = slices.Delete(s.Rules, i, i+1)
		}
		pos := min(max(e.Position, 0), len(s.Rules))
		s.Rules = slices.Insert(s.Rules, pos, e.Rule)
	case RuleRemoved:
		if i := s.ruleIndex(e.RuleID); i >= 0 {
			s.Rules = slices.Delete(s.Rules, i, i+1)
		}
	case RulesReordered:
		byID := make(map[string]Rule, len(s.Rules))
		for _, r := range s.Rules {
			byID[r.ID] = r
		}
		rules := make([]Rule, 0, len(e.RuleIDs))
		for _, id := range e.RuleIDs {
			if r, ok := byID[id]; ok {
				rules = append(rules, r)
			}
		}
		s.Rules = rules
	case SettingsChanged:
		s.Settings = e.Settings
	}
	return s
}
