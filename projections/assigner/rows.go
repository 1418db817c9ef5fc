package assigner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/domain/assignment"
)

// querier is a transaction or the pool: what the reads need.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// convRow is what the assigner knows of a conversation.
type convRow struct {
	AccountID, ID      string
	InboxID, Channel   string
	ContactID, TeamID  string
	Status, AssigneeID string
	BotOwned           bool
	Tags               []string
	LastText           string
	WaitingSince       *time.Time
	Revision           uint64
}

const convColumns = `account_id, conversation_id, inbox_id, channel, contact_id, team_id, status, assignee_id,
bot_owned, tags, last_text, waiting_since, revision`

func scanConv(row pgx.Row) (convRow, error) {
	var c convRow
	var rev int64
	err := row.Scan(&c.AccountID, &c.ID, &c.InboxID, &c.Channel, &c.ContactID, &c.TeamID, &c.Status, &c.AssigneeID,
		&c.BotOwned, &c.Tags, &c.LastText, &c.WaitingSince, &rev)
	c.Revision = uint64(rev)
	return c, err
}

// loadConv reads one conversation; ok is false if the assigner never saw it.
func loadConv(ctx context.Context, tx querier, accountID, id string) (convRow, bool, error) {
	c, err := scanConv(tx.QueryRow(ctx, `SELECT `+convColumns+` FROM assigner.conversations
WHERE account_id = $1 AND conversation_id = $2`, accountID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return convRow{}, false, nil
	}
	if err != nil {
		return convRow{}, false, fmt.Errorf("assigner: load conversation %s: %w", id, err)
	}
	return c, true, nil
}

// backlog lists an account's waiting conversations, longest waiting first.
func backlog(ctx context.Context, tx querier, accountID string, limit int) ([]convRow, error) {
	rows, err := tx.Query(ctx, `SELECT `+convColumns+` FROM assigner.conversations
WHERE account_id = $1 AND waiting_since IS NOT NULL ORDER BY waiting_since, conversation_id LIMIT $2`, accountID, limit)
	if err != nil {
		return nil, fmt.Errorf("assigner: backlog: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (convRow, error) { return scanConv(r) })
	if err != nil {
		return nil, fmt.Errorf("assigner: backlog: %w", err)
	}
	return out, nil
}

// loadConfig reads an account's assignment configuration and the revision
// of its stream it reflects (zero and -1 if none).
func loadConfig(ctx context.Context, tx querier, accountID string) (assignment.State, int64, error) {
	var raw []byte
	var rev int64
	err := tx.QueryRow(ctx, `SELECT state, revision FROM assigner.configs WHERE account_id = $1`, accountID).Scan(&raw, &rev)
	if errors.Is(err, pgx.ErrNoRows) {
		return assignment.State{}, -1, nil
	}
	if err != nil {
		return assignment.State{}, -1, fmt.Errorf("assigner: load config: %w", err)
	}
	var s assignment.State
	if err := json.Unmarshal(raw, &s); err != nil {
		return assignment.State{}, -1, fmt.Errorf("assigner: decode config of %s: %w", accountID, err)
	}
	return s, rev, nil
}

// agentFacts reads, for ids, their open load and round-robin sequence.
func agentFacts(ctx context.Context, tx pgx.Tx, accountID string, ids []string) (map[string]assignment.Agent, error) {
	out := make(map[string]assignment.Agent, len(ids))
	for _, id := range ids {
		out[id] = assignment.Agent{ID: id}
	}
	rows, err := tx.Query(ctx, `
SELECT a.id, coalesce(l.n, 0), coalesce(g.last_assigned, 0)
FROM unnest($2::text[]) AS a(id)
LEFT JOIN (SELECT assignee_id, count(*) AS n FROM assigner.conversations
           WHERE account_id = $1 AND status = 'open' AND assignee_id = ANY($2) GROUP BY assignee_id) l ON l.assignee_id = a.id
LEFT JOIN assigner.agents g ON g.account_id = $1 AND g.agent_id = a.id`, accountID, ids)
	if err != nil {
		return nil, fmt.Errorf("assigner: agent loads: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a assignment.Agent
		var seq int64
		if err := rows.Scan(&a.ID, &a.Open, &seq); err != nil {
			return nil, fmt.Errorf("assigner: agent loads: %w", err)
		}
		a.LastAssigned = uint64(seq)
		out[a.ID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("assigner: agent loads: %w", err)
	}
	return out, nil
}

// configAndContact reads, in one round trip, the account's configuration
// and the contact's custom fields and last agent.
func configAndContact(ctx context.Context, tx pgx.Tx, accountID, contactID string) (assignment.State, map[string]string, string, error) {
	b := &pgx.Batch{}
	b.Queue(`SELECT state FROM assigner.configs WHERE account_id = $1`, accountID)
	b.Queue(`SELECT fields, last_agent_id FROM assigner.contacts WHERE account_id = $1 AND contact_id = $2`, accountID, contactID)
	res := tx.SendBatch(ctx, b)
	defer func() { _ = res.Close() }()
	var s assignment.State
	var rawState, rawFields []byte
	var last string
	if err := res.QueryRow().Scan(&rawState); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return s, nil, "", fmt.Errorf("assigner: load config: %w", err)
	}
	if err := res.QueryRow().Scan(&rawFields, &last); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return s, nil, "", fmt.Errorf("assigner: contact %s: %w", contactID, err)
	}
	if rawState != nil {
		if err := json.Unmarshal(rawState, &s); err != nil {
			return s, nil, "", fmt.Errorf("assigner: decode config of %s: %w", accountID, err)
		}
	}
	fields := map[string]string{}
	if rawFields != nil {
		if err := json.Unmarshal(rawFields, &fields); err != nil {
			return s, nil, "", fmt.Errorf("assigner: contact %s fields: %w", contactID, err)
		}
	}
	return s, fields, last, nil
}
