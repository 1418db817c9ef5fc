// Package assignment is the pure domain of automatic assignment: an
// account's assignment configuration as an event-sourced aggregate (one
// stream per account, "assignment-<account id>": policies per inbox, rules
// evaluated in order, capacity and grace settings), and the pure selection
// functions the assigner process manager calls to pick an agent.
//
// Selection (Select) is deterministic: the same configuration, conversation
// and agents give the same Decision, which names the reason, the policy, the
// rule and the candidates considered, so "why was this assigned to me?" is
// answered by the Assigned event itself.
//
//   - Rules run first, in order; the first that matches routes the
//     conversation to a team (then the inbox's policy picks among its
//     members), to one agent, or leaves it unassigned.
//   - Round robin picks the eligible agent assigned least recently
//     (Agent.LastAssigned is an account-wide sequence), so over any run
//     every eligible agent's count stays within one of the others'.
//   - Balance load picks the fewest open conversations, ties to the agent
//     who has waited longest since their last assignment.
//   - Last agent keeps a contact with the agent who served them, falling
//     back to the policy's round robin or balance when that agent is not
//     eligible.
//   - Eligible means: in the inbox (and team), online when the policy says
//     only online agents, and below capacity (the policy's per-inbox
//     override, else the account's default; 0 is unlimited).
//
// The package is pure: no I/O, no clock (now is passed in), no globals.
// Business-hours rules name a time zone; the caller passes a resolver.
package assignment
