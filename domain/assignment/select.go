package assignment

import (
	"slices"
	"time"

	"github.com/parley-inbox/parley/domain/conversation"
)

// Conversation is what selection knows of the conversation to assign.
type Conversation struct {
	InboxID       string
	Channel       string
	TeamID        string // the conversation's team, if any: only its members qualify
	Tags          []string
	ContactFields map[string]string
	Text          string // the latest customer message
	LastAgentID   string // the agent who last served the contact
}

// Agent is one agent as the assigner sees them now.
type Agent struct {
	ID     string
	Online bool
	Open   int // open conversations assigned to them now
	// LastAssigned orders the agents' latest automatic assignments in the
	// account (higher is more recent; 0 is never).
	LastAssigned uint64
}

// Input is everything Select needs besides the configuration.
type Input struct {
	Conversation Conversation
	Agents       []Agent             // every agent that may qualify
	InboxAgents  []string            // who works the conversation's inbox
	Teams        map[string][]string // team id -> member ids
	Now          time.Time
	// Zone resolves a business-hours time zone (time.LoadLocation); nil
	// knows only "UTC".
	Zone func(name string) (*time.Location, error)
}

// Outcome says what a Decision does.
type Outcome string

// Outcomes of a selection.
const (
	OutcomeAssigned Outcome = "assigned"  // AgentID is the pick
	OutcomeWaiting  Outcome = "waiting"   // nobody eligible now: the conversation waits in the backlog
	OutcomeLeft     Outcome = "left"      // a rule or a manual policy leaves it unassigned
	OutcomeNoPolicy Outcome = "no_policy" // nothing is configured for its inbox
)

// Decision is a selection and why.
type Decision struct {
	Outcome    Outcome
	AgentID    string
	TeamID     string // a rule routed the conversation to this team
	Reason     conversation.AssignReason
	Policy     string
	RuleID     string
	Candidates []string // the eligible agents considered, sorted, at most conversation.MaxCandidates
}

// Select decides who gets the conversation under configuration s.
func Select(s State, in Input) Decision {
	policy, hasPolicy := s.PolicyFor(in.Conversation.InboxID)
	for _, r := range s.Rules {
		if !Matches(r.Conditions, in) {
			continue
		}
		d := Decision{RuleID: r.ID, Policy: policy.ID, Reason: conversation.ReasonRule}
		switch r.Action.Type {
		case ActionLeave:
			d.Outcome = OutcomeLeft
			return d
		case ActionAssignAgent:
			return pick(d, eligible(s, policy, in, []string{r.Action.AgentID}), policy, in, false)
		case ActionAssignTeam:
			d.TeamID = r.Action.TeamID
			return pick(d, eligible(s, policy, in, in.Teams[r.Action.TeamID]), policy, in, false)
		}
	}
	if !hasPolicy {
		return Decision{Outcome: OutcomeNoPolicy}
	}
	d := Decision{Policy: policy.ID}
	if policy.Type == TypeManual {
		d.Outcome = OutcomeLeft
		return d
	}
	return pick(d, eligible(s, policy, in, poolOf(policy, in)), policy, in, true)
}

// poolOf is who may get a conversation under policy: the inbox's agents,
// narrowed to the conversation's team and the policy's group.
func poolOf(p Policy, in Input) []string {
	pool := in.InboxAgents
	for _, team := range []string{in.Conversation.TeamID, p.GroupID} {
		if team != "" {
			members := in.Teams[team]
			pool = slices.DeleteFunc(slices.Clone(pool), func(id string) bool { return !slices.Contains(members, id) })
		}
	}
	return pool
}

// eligible returns the agents of pool that are known, online when the
// policy (or, without one, the default) asks for it, and below capacity.
func eligible(s State, p Policy, in Input, pool []string) []Agent {
	onlineOnly := p.OnlyOnlineAgents || p.ID == ""
	capacity := Capacity(s, p)
	var out []Agent
	for _, a := range in.Agents {
		if !slices.Contains(pool, a.ID) || (onlineOnly && !a.Online) || (capacity > 0 && a.Open >= capacity) {
			continue
		}
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b Agent) int { return compareStrings(a.ID, b.ID) })
	return out
}

// Capacity is the open conversations an agent may hold under policy p
// (0: unlimited).
func Capacity(s State, p Policy) int {
	if p.Capacity > 0 {
		return p.Capacity
	}
	return s.Settings.DefaultCapacity
}

// pick fills d with the policy's choice among cands.
func pick(d Decision, cands []Agent, p Policy, in Input, byPolicy bool) Decision {
	d.Candidates = make([]string, 0, min(len(cands), conversation.MaxCandidates))
	for _, a := range cands[:min(len(cands), conversation.MaxCandidates)] {
		d.Candidates = append(d.Candidates, a.ID)
	}
	if len(cands) == 0 {
		d.Outcome = OutcomeWaiting
		return d
	}
	d.Outcome = OutcomeAssigned
	if last := in.Conversation.LastAgentID; p.Type == TypeLastAgent && last != "" {
		if slices.ContainsFunc(cands, func(a Agent) bool { return a.ID == last }) {
			d.AgentID = last
			if byPolicy {
				d.Reason = conversation.ReasonLastAgent
			}
			return d
		}
	}
	best := cands[0]
	for _, a := range cands[1:] {
		if better(a, best, p.BalanceLoad) {
			best = a
		}
	}
	d.AgentID = best.ID
	if byPolicy {
		d.Reason = conversation.ReasonRoundRobin
		if p.BalanceLoad {
			d.Reason = conversation.ReasonLoadBalance
		}
	}
	return d
}

// better reports whether a beats b: fewer open conversations first when
// balancing load, then the longer wait since the last assignment, then id.
func better(a, b Agent, balance bool) bool {
	if balance && a.Open != b.Open {
		return a.Open < b.Open
	}
	if a.LastAssigned != b.LastAssigned {
		return a.LastAssigned < b.LastAssigned
	}
	return a.ID < b.ID
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
