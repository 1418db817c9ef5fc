package assigner

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/domain/assignment"
	"github.com/parley-inbox/parley/domain/conversation"
)

// Outcomes recorded besides assignment.Outcome's.
const (
	outcomeSuperseded = "superseded" // the conversation changed first
	outcomeUnassigned = "unassigned" // taken from an agent offline past grace, nobody to give it to
)

// decider makes and carries out one decision inside the caller's
// transaction, which holds the assigner's checkpoint lock.
type decider struct {
	cfg Config
}

// decide selects an agent for row and issues the commands. exclude, if
// set, is an agent offline past their grace: they are no candidate and the
// conversation is expected to be theirs.
func (d *decider) decide(ctx context.Context, tx pgx.Tx, row convRow, cause Cause, exclude string) (string, error) {
	s, in, err := d.input(ctx, tx, row, cause, exclude)
	if err != nil {
		return "", err
	}
	dec := assignment.Select(s, in)
	key := fmt.Sprintf("assigner:%s:%d", row.ID, row.Revision)
	if exclude != "" {
		key += ":redistribute"
	}
	outcome, err := d.act(ctx, tx, row, dec, cause, key, exclude)
	if err != nil {
		return "", err
	}
	if cause.EventID != "" || outcome != string(assignment.OutcomeWaiting) {
		if err := record(ctx, tx, row, dec, cause, key, outcome); err != nil {
			return "", err
		}
	}
	return outcome, nil
}

// input gathers what Select needs, from the assigner's rows, the directory
// and presence.
func (d *decider) input(ctx context.Context, tx pgx.Tx, row convRow, cause Cause, exclude string) (assignment.State, assignment.Input, error) {
	s, _, err := loadConfig(ctx, tx, row.AccountID)
	if err != nil {
		return s, assignment.Input{}, err
	}
	inboxAgents, err := d.cfg.Directory.InboxAgents(ctx, row.AccountID, row.InboxID)
	if err != nil {
		return s, assignment.Input{}, fmt.Errorf("assigner: directory: %w", err)
	}
	teams, err := d.cfg.Directory.Teams(ctx, row.AccountID)
	if err != nil {
		return s, assignment.Input{}, fmt.Errorf("assigner: directory: %w", err)
	}
	ids := slices.Clone(inboxAgents)
	for _, members := range teams {
		ids = append(ids, members...)
	}
	for _, r := range s.Rules {
		if r.Action.AgentID != "" {
			ids = append(ids, r.Action.AgentID)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(slices.DeleteFunc(ids, func(id string) bool { return id == exclude }))
	facts, err := agentFacts(ctx, tx, row.AccountID, ids)
	if err != nil {
		return s, assignment.Input{}, err
	}
	agents := make([]assignment.Agent, 0, len(ids))
	for _, id := range ids {
		a := facts[id]
		a.Online, _ = d.cfg.Presence.Online(row.AccountID, id)
		agents = append(agents, a)
	}
	fields, last, err := contactFacts(ctx, tx, row.AccountID, row.ContactID)
	if err != nil {
		return s, assignment.Input{}, err
	}
	return s, assignment.Input{
		Conversation: assignment.Conversation{InboxID: row.InboxID, Channel: row.Channel, TeamID: row.TeamID, Tags: row.Tags,
			ContactFields: fields, Text: row.LastText, LastAgentID: last},
		Agents: agents, InboxAgents: inboxAgents, Teams: teams, Now: cause.At, Zone: d.cfg.Zone,
	}, nil
}

// act issues the decision's commands and updates the rows at once, so the
// next decision in this transaction already counts the new load.
func (d *decider) act(ctx context.Context, tx pgx.Tx, row convRow, dec assignment.Decision, cause Cause, key, exclude string) (string, error) {
	expect := row.AssigneeID
	if dec.Outcome != assignment.OutcomeAssigned {
		if exclude == "" {
			return string(dec.Outcome), nil
		}
		// Never leave it on an agent who is gone: unassign, so it waits in
		// the backlog (and shows as unassigned) until someone can take it.
		_, err := d.cfg.Commander.Run(ctx, row.AccountID, row.ID, expect, conversation.Unassign{}, key+":unassign", cause)
		if errors.Is(err, ErrSuperseded) {
			return outcomeSuperseded, nil
		}
		if err != nil {
			return "", err
		}
		if _, err := tx.Exec(ctx, `UPDATE assigner.conversations SET assignee_id = '', waiting_since = $3
WHERE account_id = $1 AND conversation_id = $2`, row.AccountID, row.ID, cause.At); err != nil {
			return "", fmt.Errorf("assigner: note unassignment of %s: %w", row.ID, err)
		}
		return outcomeUnassigned, nil
	}
	if dec.TeamID != "" && dec.TeamID != row.TeamID {
		_, err := d.cfg.Commander.Run(ctx, row.AccountID, row.ID, expect, conversation.AssignTeam{TeamID: dec.TeamID}, key+":team", cause)
		if errors.Is(err, ErrSuperseded) {
			return outcomeSuperseded, nil
		}
		if err != nil {
			return "", err
		}
	}
	cmd := conversation.AssignAgent{AgentID: dec.AgentID, Reason: dec.Reason, Policy: dec.Policy, RuleID: dec.RuleID, Candidates: dec.Candidates}
	if _, err := d.cfg.Commander.Run(ctx, row.AccountID, row.ID, expect, cmd, key, cause); errors.Is(err, ErrSuperseded) {
		return outcomeSuperseded, nil
	} else if err != nil {
		return "", err
	}
	if _, err := tx.Exec(ctx, `UPDATE assigner.conversations SET assignee_id = $3, waiting_since = NULL
WHERE account_id = $1 AND conversation_id = $2`, row.AccountID, row.ID, dec.AgentID); err != nil {
		return "", fmt.Errorf("assigner: note assignment of %s: %w", row.ID, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO assigner.agents AS a (account_id, agent_id, last_assigned)
VALUES ($1, $2, (SELECT coalesce(max(last_assigned), 0) + 1 FROM assigner.agents WHERE account_id = $1))
ON CONFLICT (account_id, agent_id) DO UPDATE SET last_assigned = EXCLUDED.last_assigned`, row.AccountID, dec.AgentID); err != nil {
		return "", fmt.Errorf("assigner: round robin sequence: %w", err)
	}
	return string(assignment.OutcomeAssigned), nil
}

// record keeps the decision, the latest one per command id.
func record(ctx context.Context, tx pgx.Tx, row convRow, dec assignment.Decision, cause Cause, key, outcome string) error {
	cands := dec.Candidates
	if cands == nil {
		cands = []string{}
	}
	_, err := tx.Exec(ctx, `INSERT INTO assigner.decisions
(account_id, command_id, conversation_id, trigger, outcome, agent_id, team_id, reason, policy, rule_id, candidates, decided_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
ON CONFLICT (account_id, command_id) DO UPDATE SET trigger = EXCLUDED.trigger, outcome = EXCLUDED.outcome,
    agent_id = EXCLUDED.agent_id, team_id = EXCLUDED.team_id, reason = EXCLUDED.reason, policy = EXCLUDED.policy,
    rule_id = EXCLUDED.rule_id, candidates = EXCLUDED.candidates, decided_at = EXCLUDED.decided_at`,
		row.AccountID, key, row.ID, cause.Kind, outcome, dec.AgentID, dec.TeamID, string(dec.Reason), dec.Policy, dec.RuleID,
		cands, cause.At)
	if err != nil {
		return fmt.Errorf("assigner: record decision on %s: %w", row.ID, err)
	}
	return nil
}
