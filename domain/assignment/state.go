package assignment

import (
	"maps"
	"slices"
)

// State is an account's assignment configuration folded from its events.
// The zero value is an account that configured nothing: no policy, so no
// automatic assignment.
type State struct {
	Policies map[string]Policy
	Rules    []Rule // in evaluation order
	Settings Settings
}

// Clone returns a copy that can be changed independently.
func (s State) Clone() State {
	c := s
	c.Policies = maps.Clone(s.Policies)
	c.Rules = slices.Clone(s.Rules)
	return c
}

// PolicyFor returns the policy of inbox: its own, else the account's
// default; ok is false when neither exists.
func (s State) PolicyFor(inboxID string) (Policy, bool) {
	var def *Policy
	for _, p := range s.sortedPolicies() {
		if p.InboxID == inboxID {
			return p, true
		}
		if p.InboxID == "" && def == nil {
			def = &p
		}
	}
	if def != nil {
		return *def, true
	}
	return Policy{}, false
}

// SortedPolicies lists the policies by id.
func (s State) sortedPolicies() []Policy {
	ids := slices.Sorted(maps.Keys(s.Policies))
	out := make([]Policy, len(ids))
	for i, id := range ids {
		out[i] = s.Policies[id]
	}
	return out
}

// PolicyList lists the policies by id.
func (s State) PolicyList() []Policy { return s.sortedPolicies() }

func (s State) ruleIndex(id string) int {
	return slices.IndexFunc(s.Rules, func(r Rule) bool { return r.ID == id })
}

// StreamName is the configuration stream of account id.
func StreamName(accountID string) string { return streamPrefix + accountID }

// IDFromStream returns the account id of a configuration stream name.
func IDFromStream(stream string) (string, bool) {
	if len(stream) <= len(streamPrefix) || stream[:len(streamPrefix)] != streamPrefix {
		return "", false
	}
	return stream[len(streamPrefix):], true
}

const streamPrefix = "assignment-"
