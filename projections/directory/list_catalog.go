package directory

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Tag is a row of the tag catalogue.
type Tag struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Color    string `json:"color"`
	Archived bool   `json:"archived"`
}

// QuickReply is a row of the quick replies view.
type QuickReply struct {
	ID       string `json:"id"`
	Shortcut string `json:"shortcut"`
	Text     string `json:"text"`
	Scope    string `json:"scope"`
	TeamID   string `json:"team_id,omitempty"`
	OwnerID  string `json:"owner_id,omitempty"`
}

// Tags lists the account's tag catalogue.
func (r *Reader) Tags(ctx context.Context, accountID string) ([]Tag, error) {
	return list(ctx, r, `SELECT id, name, color, archived FROM directory.tags`, accountID,
		func(row pgx.CollectableRow) (Tag, error) {
			var x Tag
			return x, row.Scan(&x.ID, &x.Name, &x.Color, &x.Archived)
		})
}

// QuickReplies lists the active quick replies userID may use: the
// account's, those of teams, and userID's own, sorted by shortcut.
func (r *Reader) QuickReplies(ctx context.Context, accountID, userID string, teams []string) ([]QuickReply, error) {
	if teams == nil {
		teams = []string{}
	}
	rows, err := r.pool.Query(ctx, `SELECT id, shortcut, text, scope, team_id, owner_id FROM directory.quick_replies
WHERE account_id = $1 AND NOT archived
  AND (scope = 'account' OR (scope = 'team' AND team_id = ANY($2::text[])) OR (scope = 'personal' AND owner_id = $3 AND $3 <> ''))
ORDER BY shortcut, id LIMIT $4`, accountID, teams, userID, MaxList)
	if err != nil {
		return nil, fmt.Errorf("directory: quick replies: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (QuickReply, error) {
		var q QuickReply
		return q, row.Scan(&q.ID, &q.Shortcut, &q.Text, &q.Scope, &q.TeamID, &q.OwnerID)
	})
	if err != nil {
		return nil, fmt.Errorf("directory: quick replies: %w", err)
	}
	if out == nil {
		out = []QuickReply{}
	}
	return out, nil
}
