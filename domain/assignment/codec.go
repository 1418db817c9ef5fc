package assignment

import "github.com/parley-inbox/parley/domain"

// NewCodec returns the codec of every assignment configuration event.
func NewCodec() (*domain.Codec, error) {
	spec := func(typ string, newEvent func() domain.Event) domain.EventSpec {
		return domain.EventSpec{Type: typ, Version: 1, New: newEvent}
	}
	return domain.NewCodec(
		spec(TypePolicySet, func() domain.Event { return &PolicySet{} }),
		spec(TypePolicyRemoved, func() domain.Event { return &PolicyRemoved{} }),
		spec(TypeRuleSet, func() domain.Event { return &RuleSet{} }),
		spec(TypeRuleRemoved, func() domain.Event { return &RuleRemoved{} }),
		spec(TypeRulesReordered, func() domain.Event { return &RulesReordered{} }),
		spec(TypeSettingsChanged, func() domain.Event { return &SettingsChanged{} }),
	)
}
