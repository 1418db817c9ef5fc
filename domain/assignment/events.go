package assignment

// Event types of an assignment configuration stream.
const (
	TypePolicySet       = "assignment.policy_set"
	TypePolicyRemoved   = "assignment.policy_removed"
	TypeRuleSet         = "assignment.rule_set"
	TypeRuleRemoved     = "assignment.rule_removed"
	TypeRulesReordered  = "assignment.rules_reordered"
	TypeSettingsChanged = "assignment.settings_changed"
)

// PolicySet: a policy was created or replaced.
type PolicySet struct {
	Policy Policy `json:"policy"`
}

// PolicyRemoved: a policy was deleted.
type PolicyRemoved struct {
	PolicyID string `json:"policy_id"`
}

// RuleSet: a rule was created or replaced; Position is its 0-based place
// in the evaluation order afterwards.
type RuleSet struct {
	Rule     Rule `json:"rule"`
	Position int  `json:"position"`
}

// RuleRemoved: a rule was deleted.
type RuleRemoved struct {
	RuleID string `json:"rule_id"`
}

// RulesReordered: the rules are evaluated in this order now.
type RulesReordered struct {
	RuleIDs []string `json:"rule_ids"`
}

// SettingsChanged: the account-wide settings were replaced.
type SettingsChanged struct {
	Settings Settings `json:"settings"`
}

// EventType implementations.
func (PolicySet) EventType() string       { return TypePolicySet }
func (PolicyRemoved) EventType() string   { return TypePolicyRemoved }
func (RuleSet) EventType() string         { return TypeRuleSet }
func (RuleRemoved) EventType() string     { return TypeRuleRemoved }
func (RulesReordered) EventType() string  { return TypeRulesReordered }
func (SettingsChanged) EventType() string { return TypeSettingsChanged }
