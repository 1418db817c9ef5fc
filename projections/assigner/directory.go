package assigner

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DirectoryTables is the Directory over the accounts' read model, the
// tables of projections/directory (schema "directory"): an inbox's agents
// are its own plus the members of its teams, without archived users.
type DirectoryTables struct {
	pool *pgxpool.Pool
}

// NewDirectoryTables returns a Directory over the directory views in pool.
func NewDirectoryTables(pool *pgxpool.Pool) *DirectoryTables { return &DirectoryTables{pool: pool} }

// InboxAgents implements Directory.
func (d *DirectoryTables) InboxAgents(ctx context.Context, accountID, inboxID string) ([]string, error) {
	rows, err := d.pool.Query(ctx, `
WITH inbox AS (
    SELECT agents, teams FROM directory.inboxes WHERE account_id = $1 AND id = $2 AND NOT archived),
members AS (
    SELECT unnest(agents) AS id FROM inbox
    UNION
    SELECT unnest(t.members) FROM directory.teams t, inbox
    WHERE t.account_id = $1 AND NOT t.archived AND t.id = ANY(inbox.teams))
SELECT m.id FROM members m
JOIN directory.users u ON u.account_id = $1 AND u.id = m.id AND NOT u.archived
ORDER BY m.id`, accountID, inboxID)
	if err != nil {
		return nil, fmt.Errorf("assigner: inbox agents: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("assigner: inbox agents: %w", err)
	}
	return ids, nil
}

// Teams implements Directory.
func (d *DirectoryTables) Teams(ctx context.Context, accountID string) (map[string][]string, error) {
	rows, err := d.pool.Query(ctx, `SELECT id, members FROM directory.teams WHERE account_id = $1 AND NOT archived`, accountID)
	if err != nil {
		return nil, fmt.Errorf("assigner: teams: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var id string
		var members []string
		if err := rows.Scan(&id, &members); err != nil {
			return nil, fmt.Errorf("assigner: teams: %w", err)
		}
		out[id] = members
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("assigner: teams: %w", err)
	}
	return out, nil
}
