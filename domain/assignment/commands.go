package assignment

import "github.com/parley-inbox/parley/domain"

// Command is a change to an account's assignment configuration.
type Command interface {
	CommandType() string
	Validate() *domain.Error
}

// SetPolicy creates or replaces a policy (by id). An inbox has at most one
// policy, and the account at most one default (no inbox).
type SetPolicy struct {
	Policy Policy `json:"policy"`
}

// RemovePolicy deletes a policy.
type RemovePolicy struct {
	PolicyID string `json:"policy_id"`
}

// SetRule creates or replaces a rule (by id). A new rule goes last unless
// Position (0-based) says where; a replaced rule keeps its place unless
// Position moves it.
type SetRule struct {
	Rule     Rule `json:"rule"`
	Position *int `json:"position,omitempty"`
}

// RemoveRule deletes a rule.
type RemoveRule struct {
	RuleID string `json:"rule_id"`
}

// ReorderRules sets the evaluation order; RuleIDs lists every rule once.
type ReorderRules struct {
	RuleIDs []string `json:"rule_ids"`
}

// ChangeSettings replaces the account-wide settings.
type ChangeSettings struct {
	Settings Settings `json:"settings"`
}

// CommandType implementations.
func (SetPolicy) CommandType() string      { return "assignment.set_policy" }
func (RemovePolicy) CommandType() string   { return "assignment.remove_policy" }
func (SetRule) CommandType() string        { return "assignment.set_rule" }
func (RemoveRule) CommandType() string     { return "assignment.remove_rule" }
func (ReorderRules) CommandType() string   { return "assignment.reorder_rules" }
func (ChangeSettings) CommandType() string { return "assignment.change_settings" }
