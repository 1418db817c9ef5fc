package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrNotFound: no such credential.
var ErrNotFound = errors.New("auth: not found")

// Store keeps credential hashes and sessions in PostgreSQL.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a store over pool; Migrate creates its tables.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Migrate creates the auth schema. It is idempotent.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('parley.auth.migrate'))`); err != nil {
			return fmt.Errorf("auth: migrate: lock: %w", err)
		}
		_, err := tx.Exec(ctx, `
CREATE SCHEMA IF NOT EXISTS auth;
CREATE TABLE IF NOT EXISTS auth.passwords (
    account_id text NOT NULL,
    user_id    text NOT NULL,
    hash       text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, user_id)
);
CREATE TABLE IF NOT EXISTS auth.tokens (
    id           text PRIMARY KEY,
    account_id   text NOT NULL,
    hash         bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE TABLE IF NOT EXISTS auth.sessions (
    id_hash      bytea PRIMARY KEY,
    account_id   text NOT NULL,
    user_id      text NOT NULL,
    csrf         text NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON auth.sessions (account_id, user_id);
CREATE INDEX IF NOT EXISTS sessions_expires ON auth.sessions (expires_at);`)
		if err != nil {
			return fmt.Errorf("auth: migrate: %w", err)
		}
		return nil
	})
}

// SetPassword stores a user's password hash.
func (s *Store) SetPassword(ctx context.Context, accountID, userID, hash string) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO auth.passwords (account_id, user_id, hash) VALUES ($1, $2, $3)
ON CONFLICT (account_id, user_id) DO UPDATE SET hash = EXCLUDED.hash, updated_at = now()`, accountID, userID, hash)
	if err != nil {
		return fmt.Errorf("auth: set password: %w", err)
	}
	return nil
}

// PasswordHash returns a user's password hash, or "" if none is set.
func (s *Store) PasswordHash(ctx context.Context, accountID, userID string) (string, error) {
	var hash string
	err := s.pool.QueryRow(ctx, `SELECT hash FROM auth.passwords WHERE account_id = $1 AND user_id = $2`, accountID, userID).Scan(&hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("auth: read password: %w", err)
	}
	return hash, nil
}

// AddToken stores a token's hash.
func (s *Store) AddToken(ctx context.Context, accountID, tokenID string, hash []byte) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO auth.tokens (id, account_id, hash) VALUES ($1, $2, $3)`, tokenID, accountID, hash)
	if err != nil {
		return fmt.Errorf("auth: add token: %w", err)
	}
	return nil
}

// RevokeToken marks a token revoked at once (the log records it too).
func (s *Store) RevokeToken(ctx context.Context, accountID, tokenID string) error {
	_, err := s.pool.Exec(ctx, `UPDATE auth.tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND account_id = $2`, tokenID, accountID)
	if err != nil {
		return fmt.Errorf("auth: revoke token: %w", err)
	}
	return nil
}

// StoredToken is a token's credential row.
type StoredToken struct {
	AccountID string
	Hash      []byte
	Revoked   bool
}

// Token returns a token's row, ErrNotFound if there is none.
func (s *Store) Token(ctx context.Context, tokenID string) (StoredToken, error) {
	var t StoredToken
	err := s.pool.QueryRow(ctx, `SELECT account_id, hash, revoked_at IS NOT NULL FROM auth.tokens WHERE id = $1`, tokenID).Scan(&t.AccountID, &t.Hash, &t.Revoked)
	if errors.Is(err, pgx.ErrNoRows) {
		return StoredToken{}, ErrNotFound
	}
	if err != nil {
		return StoredToken{}, fmt.Errorf("auth: read token: %w", err)
	}
	return t, nil
}

// TouchToken records a token's use, at most once a minute.
func (s *Store) TouchToken(ctx context.Context, tokenID string, now time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE auth.tokens SET last_used_at = $2::timestamptz
WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`, tokenID, now)
	if err != nil {
		return fmt.Errorf("auth: touch token: %w", err)
	}
	return nil
}

// TokenLastUsed returns when each of the account's tokens was last used.
func (s *Store) TokenLastUsed(ctx context.Context, accountID string) (map[string]time.Time, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, last_used_at FROM auth.tokens WHERE account_id = $1 AND last_used_at IS NOT NULL`, accountID)
	if err != nil {
		return nil, fmt.Errorf("auth: token use: %w", err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var id string
		var at time.Time
		if err := rows.Scan(&id, &at); err != nil {
			return nil, fmt.Errorf("auth: token use: %w", err)
		}
		out[id] = at
	}
	return out, rows.Err()
}
