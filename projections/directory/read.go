package directory

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/internal/authz"
)

// ErrNotFound: no such active user or token in the account.
var ErrNotFound = errors.New("directory: not found")

// Reader answers questions about account configuration from the views.
type Reader struct {
	pool *pgxpool.Pool
}

// NewReader returns a reader over the directory views in pool.
func NewReader(pool *pgxpool.Pool) *Reader { return &Reader{pool: pool} }

// Login is an active user found by e-mail.
type Login struct {
	AccountID string
	UserID    string
}

// UsersByEmail lists the active users with this (lower-cased) e-mail, in
// any account, at most 10.
func (r *Reader) UsersByEmail(ctx context.Context, email string) ([]Login, error) {
	rows, err := r.pool.Query(ctx, `SELECT account_id, id FROM directory.users
WHERE email = $1 AND NOT archived ORDER BY account_id LIMIT 10`, email)
	if err != nil {
		return nil, fmt.Errorf("directory: users by e-mail: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Login, error) {
		var l Login
		return l, row.Scan(&l.AccountID, &l.UserID)
	})
	if err != nil {
		return nil, fmt.Errorf("directory: users by e-mail: %w", err)
	}
	return out, nil
}

// UserAccess resolves an active user's role, permissions, teams and
// inboxes. It returns ErrNotFound for an unknown or archived user.
func (r *Reader) UserAccess(ctx context.Context, accountID, userID string) (authz.Access, error) {
	// One round trip (every authenticated request of a web agent asks):
	// the user's role, their teams and the inboxes they belong to directly
	// or through a team.
	var role string
	var teams, inboxes []string
	err := r.pool.QueryRow(ctx, `
WITH my_teams AS (SELECT id FROM directory.teams WHERE account_id = $1 AND NOT archived AND $2 = ANY(members))
SELECT u.role,
       coalesce((SELECT array_agg(id ORDER BY id) FROM my_teams), '{}'),
       coalesce((SELECT array_agg(i.id ORDER BY i.id) FROM directory.inboxes i
                 WHERE i.account_id = $1 AND NOT i.archived
                   AND ($2 = ANY(i.agents) OR i.teams && (SELECT coalesce(array_agg(id), '{}') FROM my_teams))), '{}')
FROM directory.users u WHERE u.account_id = $1 AND u.id = $2 AND NOT u.archived`,
		accountID, userID).Scan(&role, &teams, &inboxes)
	if errors.Is(err, pgx.ErrNoRows) {
		return authz.Access{}, ErrNotFound
	}
	if err != nil {
		return authz.Access{}, fmt.Errorf("directory: user access: %w", err)
	}
	a, err := r.roleAccess(ctx, accountID, role)
	if err != nil {
		return authz.Access{}, err
	}
	a.Teams, a.Inboxes = teams, inboxes
	return a, nil
}

// TokenInfo is what a token stands for.
type TokenInfo struct {
	Kind, ClientID string
	ExpiresAt      *time.Time
	Access         authz.Access
}

// TokenAccess resolves a live token: unrevoked (the expiry is the caller's
// to check against its clock). ErrNotFound otherwise.
func (r *Reader) TokenAccess(ctx context.Context, accountID, tokenID string) (TokenInfo, error) {
	var t TokenInfo
	var role string
	var inboxes []string
	err := r.pool.QueryRow(ctx, `SELECT kind, client_id, role, inboxes, expires_at FROM directory.tokens
WHERE account_id = $1 AND id = $2 AND NOT revoked`, accountID, tokenID).Scan(&t.Kind, &t.ClientID, &role, &inboxes, &t.ExpiresAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return TokenInfo{}, ErrNotFound
	}
	if err != nil {
		return TokenInfo{}, fmt.Errorf("directory: token access: %w", err)
	}
	if t.Access, err = r.roleAccess(ctx, accountID, role); err != nil {
		return TokenInfo{}, err
	}
	t.Access.Inboxes = inboxes
	return t, nil
}

// roleAccess is a built-in or custom role's permissions and scope; an
// archived or unknown custom role grants nothing.
func (r *Reader) roleAccess(ctx context.Context, accountID, roleID string) (authz.Access, error) {
	if b, ok := authz.BuiltinRole(roleID); ok {
		return authz.Access{Role: roleID, Permissions: b.Permissions, Scope: b.Scope}, nil
	}
	var names []string
	var scope string
	err := r.pool.QueryRow(ctx, `SELECT permissions, scope FROM directory.roles WHERE account_id = $1 AND id = $2 AND NOT archived`,
		accountID, roleID).Scan(&names, &scope)
	if errors.Is(err, pgx.ErrNoRows) {
		return authz.Access{Role: roleID, Scope: authz.ScopeParticipating}, nil
	}
	if err != nil {
		return authz.Access{}, fmt.Errorf("directory: role %s: %w", roleID, err)
	}
	set, err := authz.ParseSet(names)
	if err != nil {
		return authz.Access{}, fmt.Errorf("directory: role %s: %w", roleID, err)
	}
	return authz.Access{Role: roleID, Permissions: set, Scope: authz.Scope(scope)}, nil
}

// AgentIDs lists the account's active users (command.AgentDirectory).
func (r *Reader) AgentIDs(ctx context.Context, accountID string) ([]string, error) {
	rows, err := r.pool.Query(ctx, `SELECT id FROM directory.users WHERE account_id = $1 AND NOT archived ORDER BY id`, accountID)
	if err != nil {
		return nil, fmt.Errorf("directory: agent ids: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("directory: agent ids: %w", err)
	}
	return ids, nil
}
