package assigner

import (
	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/domain/assignment"
)

// noteAssigned queues the writes of an assignment: the conversation's
// assignee (the Assigned event confirms it later) and the agent's place in
// the account's round-robin sequence.
func noteAssigned(writes *pgx.Batch, row convRow, agentID string) {
	writes.Queue(`UPDATE assigner.conversations SET assignee_id = $3, waiting_since = NULL
WHERE account_id = $1 AND conversation_id = $2`, row.AccountID, row.ID, agentID)
	writes.Queue(`INSERT INTO assigner.agents AS a (account_id, agent_id, last_assigned)
VALUES ($1, $2, (SELECT coalesce(max(last_assigned), 0) + 1 FROM assigner.agents WHERE account_id = $1))
ON CONFLICT (account_id, agent_id) DO UPDATE SET last_assigned = EXCLUDED.last_assigned`, row.AccountID, agentID)
}

// record queues the decision's row, the latest one per command id.
func record(writes *pgx.Batch, row convRow, dec assignment.Decision, cause Cause, key, outcome string) {
	cands := dec.Candidates
	if cands == nil {
		cands = []string{}
	}
	writes.Queue(`INSERT INTO assigner.decisions
(account_id, command_id, conversation_id, trigger, outcome, agent_id, team_id, reason, policy, rule_id, candidates, decided_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
ON CONFLICT (account_id, command_id) DO UPDATE SET trigger = EXCLUDED.trigger, outcome = EXCLUDED.outcome,
    agent_id = EXCLUDED.agent_id, team_id = EXCLUDED.team_id, reason = EXCLUDED.reason, policy = EXCLUDED.policy,
    rule_id = EXCLUDED.rule_id, candidates = EXCLUDED.candidates, decided_at = EXCLUDED.decided_at`,
		row.AccountID, key, row.ID, cause.Kind, outcome, dec.AgentID, dec.TeamID, string(dec.Reason), dec.Policy, dec.RuleID,
		cands, cause.At)
}
