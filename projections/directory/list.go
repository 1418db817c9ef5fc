package directory

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// MaxList bounds every admin list (configuration is small; lists are
// returned whole, sorted by id).
const MaxList = 1000

// User is a row of the users view.
type User struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	Archived  bool      `json:"archived"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Role is a row of the custom roles view.
type Role struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Permissions []string `json:"permissions"`
	Scope       string   `json:"scope"`
	Archived    bool     `json:"archived"`
}

// Team is a row of the teams view.
type Team struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Members  []string `json:"members"`
	Archived bool     `json:"archived"`
}

// Inbox is a row of the inboxes view.
type Inbox struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Channel  string   `json:"channel"`
	Agents   []string `json:"agents"`
	Teams    []string `json:"teams"`
	Archived bool     `json:"archived"`
}

// Token is a row of the tokens view (never a secret).
type Token struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Kind      string     `json:"kind"`
	ClientID  string     `json:"client_id"`
	Role      string     `json:"role"`
	Inboxes   []string   `json:"inboxes"`
	ExpiresAt *time.Time `json:"expires_at"`
	Revoked   bool       `json:"revoked"`
	CreatedAt time.Time  `json:"created_at"`
}

// Users lists the account's users.
func (r *Reader) Users(ctx context.Context, accountID string) ([]User, error) {
	return list(ctx, r, `SELECT id, email, name, role, archived, created_at, updated_at FROM directory.users`, accountID,
		func(row pgx.CollectableRow) (User, error) {
			var u User
			return u, row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Archived, &u.CreatedAt, &u.UpdatedAt)
		})
}

// Roles lists the account's custom roles.
func (r *Reader) Roles(ctx context.Context, accountID string) ([]Role, error) {
	return list(ctx, r, `SELECT id, name, permissions, scope, archived FROM directory.roles`, accountID,
		func(row pgx.CollectableRow) (Role, error) {
			var x Role
			return x, row.Scan(&x.ID, &x.Name, &x.Permissions, &x.Scope, &x.Archived)
		})
}

// Teams lists the account's teams.
func (r *Reader) Teams(ctx context.Context, accountID string) ([]Team, error) {
	return list(ctx, r, `SELECT id, name, members, archived FROM directory.teams`, accountID,
		func(row pgx.CollectableRow) (Team, error) {
			var x Team
			return x, row.Scan(&x.ID, &x.Name, &x.Members, &x.Archived)
		})
}

// Inboxes lists the account's inboxes.
func (r *Reader) Inboxes(ctx context.Context, accountID string) ([]Inbox, error) {
	return list(ctx, r, `SELECT id, name, channel, agents, teams, archived FROM directory.inboxes`, accountID,
		func(row pgx.CollectableRow) (Inbox, error) {
			var x Inbox
			return x, row.Scan(&x.ID, &x.Name, &x.Channel, &x.Agents, &x.Teams, &x.Archived)
		})
}

// Tokens lists the account's API tokens.
func (r *Reader) Tokens(ctx context.Context, accountID string) ([]Token, error) {
	return list(ctx, r, `SELECT id, name, kind, client_id, role, inboxes, expires_at, revoked, created_at FROM directory.tokens`, accountID,
		func(row pgx.CollectableRow) (Token, error) {
			var x Token
			return x, row.Scan(&x.ID, &x.Name, &x.Kind, &x.ClientID, &x.Role, &x.Inboxes, &x.ExpiresAt, &x.Revoked, &x.CreatedAt)
		})
}

// list runs selectFrom (a constant "SELECT ... FROM directory.<table>")
// for one account, sorted by id and capped at MaxList.
func list[T any](ctx context.Context, r *Reader, selectFrom, accountID string, scan pgx.RowToFunc[T]) ([]T, error) {
	rows, err := r.pool.Query(ctx, selectFrom+` WHERE account_id = $1 ORDER BY id LIMIT $2`, accountID, MaxList)
	if err != nil {
		return nil, fmt.Errorf("directory: list: %w", err)
	}
	out, err := pgx.CollectRows(rows, scan)
	if err != nil {
		return nil, fmt.Errorf("directory: list: %w", err)
	}
	if out == nil {
		out = []T{}
	}
	return out, nil
}
