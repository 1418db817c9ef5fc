package assigner

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

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
	warm := d.cfg.Commander.warm(ctx, row.AccountID, row.ID)
	s, in, err := d.input(ctx, tx, row, cause, exclude)
	_, _ = warm.wait()
	if err != nil {
		return "", err
	}
	dec := assignment.Select(s, in)
	key := fmt.Sprintf("assigner:%s:%d", row.ID, row.Revision)
	if exclude != "" {
		key += ":redistribute"
	}
	writes := &pgx.Batch{}
	outcome, err := d.act(ctx, writes, row, dec, cause, key, exclude)
	if err != nil {
		return "", err
	}
	if cause.EventID != "" || outcome != string(assignment.OutcomeWaiting) {
		record(writes, row, dec, cause, key, outcome)
	}
	if writes.Len() > 0 {
		if err := tx.SendBatch(ctx, writes).Close(); err != nil {
			return "", fmt.Errorf("assigner: note the decision on %s: %w", row.ID, err)
		}
	}
	return outcome, nil
}

// input gathers what Select needs, from the assigner's rows, the directory
// and presence.
func (d *decider) input(ctx context.Context, tx pgx.Tx, row convRow, cause Cause, exclude string) (assignment.State, assignment.Input, error) {
	agentsOfInbox := start(func() ([]string, error) { return d.cfg.Directory.InboxAgents(ctx, row.AccountID, row.InboxID) })
	s, fields, last, err := configAndContact(ctx, tx, row.AccountID, row.ContactID)
	inboxAgents, dirErr := agentsOfInbox.wait()
	if cause.text != nil {
		if text, textErr := cause.text.wait(); textErr != nil {
			err = errors.Join(err, textErr)
		} else if text != "" {
			row.LastText = text
		}
	}
	if err != nil {
		return s, assignment.Input{}, err
	}
	if dirErr != nil {
		return s, assignment.Input{}, fmt.Errorf("assigner: directory: %w", dirErr)
	}
	var teams map[string][]string
	if needsTeams(s, row) {
		if teams, err = d.cfg.Directory.Teams(ctx, row.AccountID); err != nil {
			return s, assignment.Input{}, fmt.Errorf("assigner: directory: %w", err)
		}
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
		var offlineSince time.Time
		a.Online, offlineSince = d.cfg.Presence.Availability(row.AccountID, id)
		if !offlineSince.IsZero() && cause.At.Sub(offlineSince) >= s.Settings.Grace() {
			continue // gone past the grace period: never a candidate, whatever the policy
		}
		agents = append(agents, a)
	}
	return s, assignment.Input{
		Conversation: assignment.Conversation{InboxID: row.InboxID, Channel: row.Channel, TeamID: row.TeamID, Tags: row.Tags,
			ContactFields: fields, Text: row.LastText, LastAgentID: last},
		Agents: agents, InboxAgents: inboxAgents, Teams: teams, Now: cause.At, Zone: d.cfg.Zone,
	}, nil
}

// needsTeams reports whether selecting for row can involve a team: the
// conversation's, its policy's group or a rule's.
func needsTeams(s assignment.State, row convRow) bool {
	if p, _ := s.PolicyFor(row.InboxID); row.TeamID != "" || p.GroupID != "" {
		return true
	}
	return slices.ContainsFunc(s.Rules, func(r assignment.Rule) bool { return r.Action.TeamID != "" })
}

// act issues the decision's commands and queues the row updates on
// writes, sent before the next decision in this transaction so that it
// already counts the new load.
func (d *decider) act(ctx context.Context, writes *pgx.Batch, row convRow, dec assignment.Decision, cause Cause, key, exclude string) (string, error) {
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
		writes.Queue(`UPDATE assigner.conversations SET assignee_id = '', waiting_since = $3
WHERE account_id = $1 AND conversation_id = $2`, row.AccountID, row.ID, cause.At)
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
	noteAssigned(writes, row, dec.AgentID)
	return string(assignment.OutcomeAssigned), nil
}
