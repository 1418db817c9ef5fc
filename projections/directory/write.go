package directory

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/account"
)

// writer applies one event of one account. Every statement is guarded by
// the row's revision, so a redelivered event changes nothing.
type writer struct {
	tx      pgx.Tx
	account string
	rev     int64
	at      time.Time
}

func (w writer) exec(ctx context.Context, sql string, args ...any) error {
	_, err := w.tx.Exec(ctx, sql, append([]any{w.account, w.rev}, args...)...)
	return err
}

// update sets columns of one row of table (a constant) where the row is
// older than the event: set is e.g. "name = coalesce($4, name)".
func (w writer) update(ctx context.Context, table, set, id string, args ...any) error {
	return w.exec(ctx, `UPDATE directory.`+table+` SET `+set+`, revision = $2
WHERE account_id = $1 AND id = $3 AND revision < $2`, append([]any{id}, args...)...)
}

func (w writer) apply(ctx context.Context, e domain.Event) error {
	switch e := e.(type) {
	case account.Created:
		return w.exec(ctx, `INSERT INTO directory.accounts (id, name, created_at, revision) VALUES ($1, $3, $4, $2)
ON CONFLICT (id) DO NOTHING`, e.Name, w.at)
	case account.Renamed:
		return w.exec(ctx, `UPDATE directory.accounts SET name = $3, revision = $2 WHERE id = $1 AND revision < $2`, e.Name)
	case account.UserCreated:
		return w.exec(ctx, `INSERT INTO directory.users (account_id, id, email, name, role, created_at, updated_at, revision)
VALUES ($1, $3, $4, $5, $6, $7, $7, $2) ON CONFLICT (account_id, id) DO NOTHING`, e.UserID, e.Email, e.Name, e.Role, w.at)
	case account.UserUpdated:
		return w.update(ctx, "users", "name = coalesce($4, name), role = coalesce($5, role), updated_at = $6", e.UserID, e.Name, e.Role, w.at)
	case account.UserArchived:
		return w.update(ctx, "users", "archived = true, updated_at = $4", e.UserID, w.at)
	case account.UserRestored:
		return w.update(ctx, "users", "archived = false, updated_at = $4", e.UserID, w.at)
	case account.PasswordChanged:
		return w.update(ctx, "users", "updated_at = $4", e.UserID, w.at)
	case account.RoleCreated:
		return w.exec(ctx, `INSERT INTO directory.roles (account_id, id, name, permissions, scope, revision)
VALUES ($1, $3, $4, $5, $6, $2) ON CONFLICT (account_id, id) DO NOTHING`, e.RoleID, e.Name, nonNil(e.Permissions), e.Scope)
	case account.RoleUpdated:
		return w.update(ctx, "roles", "name = coalesce($4, name), permissions = coalesce($5, permissions), scope = coalesce($6, scope)",
			e.RoleID, e.Name, e.Permissions, e.Scope)
	case account.RoleArchived:
		return w.update(ctx, "roles", "archived = true", e.RoleID)
	}
	return w.applyGroups(ctx, e)
}

func (w writer) applyGroups(ctx context.Context, e domain.Event) error {
	switch e := e.(type) {
	case account.TeamCreated:
		return w.exec(ctx, `INSERT INTO directory.teams (account_id, id, name, members, revision)
VALUES ($1, $3, $4, $5, $2) ON CONFLICT (account_id, id) DO NOTHING`, e.TeamID, e.Name, nonNil(e.Members))
	case account.TeamUpdated:
		return w.update(ctx, "teams", "name = coalesce($4, name), members = coalesce($5, members)", e.TeamID, e.Name, e.Members)
	case account.TeamArchived:
		return w.update(ctx, "teams", "archived = true", e.TeamID)
	case account.InboxCreated:
		return w.exec(ctx, `INSERT INTO directory.inboxes (account_id, id, name, channel, agents, teams, revision)
VALUES ($1, $3, $4, $5, $6, $7, $2) ON CONFLICT (account_id, id) DO NOTHING`, e.InboxID, e.Name, e.Channel, nonNil(e.Agents), nonNil(e.Teams))
	case account.InboxUpdated:
		return w.update(ctx, "inboxes", "name = coalesce($4, name), agents = coalesce($5, agents), teams = coalesce($6, teams)",
			e.InboxID, e.Name, e.Agents, e.Teams)
	case account.InboxArchived:
		return w.update(ctx, "inboxes", "archived = true", e.InboxID)
	case account.TokenIssued:
		return w.exec(ctx, `INSERT INTO directory.tokens (account_id, id, name, kind, client_id, role, inboxes, expires_at, created_at, revision)
VALUES ($1, $3, $4, $5, $6, $7, $8, $9, $10, $2) ON CONFLICT (account_id, id) DO NOTHING`,
			e.TokenID, e.Name, e.Kind, e.ClientID, e.Role, nonNil(e.Inboxes), e.ExpiresAt, w.at)
	case account.TokenRevoked:
		return w.update(ctx, "tokens", "revoked = true", e.TokenID)
	}
	return w.applyCatalog(ctx, e)
}

// nonNil keeps NOT NULL array columns happy.
func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}
