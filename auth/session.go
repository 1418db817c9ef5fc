package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Session is a logged-in user's server-side session.
type Session struct {
	AccountID, UserID string
	CSRF              string
	ExpiresAt         time.Time
}

// SessionPolicy bounds sessions: they end after Idle without use, and
// after Absolute whatever happens.
type SessionPolicy struct {
	Idle, Absolute time.Duration
}

// DefaultSessionPolicy: 12 hours idle, 7 days at most.
func DefaultSessionPolicy() SessionPolicy {
	return SessionPolicy{Idle: 12 * time.Hour, Absolute: 7 * 24 * time.Hour}
}

// CreateSession stores a new session for id (the cookie's value) and
// returns it.
func (s *Store) CreateSession(ctx context.Context, id, accountID, userID string, p SessionPolicy, now time.Time) (Session, error) {
	sess := Session{AccountID: accountID, UserID: userID, CSRF: NewCSRFToken(), ExpiresAt: now.Add(p.Idle)}
	_, err := s.pool.Exec(ctx, `INSERT INTO auth.sessions (id_hash, account_id, user_id, csrf, created_at, last_seen_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $5, $6)`, HashSecret(id), accountID, userID, sess.CSRF, now, sess.ExpiresAt)
	if err != nil {
		return Session{}, fmt.Errorf("auth: create session: %w", err)
	}
	return sess, nil
}

// SessionTouchEvery is how often a session in use has its idle expiry slid
// forward. Reading a session is a plain read; at most one request per
// session and interval writes, so an agent's concurrent requests (list,
// timeline, live stream, presence) do not queue on their session's row and
// its commit. The idle timeout is exact to within this interval.
const SessionTouchEvery = time.Minute

// Session returns the live session of cookie value id and, when it was last
// slid more than SessionTouchEvery ago, slides its idle expiry (within the
// absolute bound); ErrNotFound if it is unknown or over.
func (s *Store) Session(ctx context.Context, id string, p SessionPolicy, now time.Time) (Session, error) {
	var sess Session
	var lastSeen time.Time
	hash := HashSecret(id)
	err := s.pool.QueryRow(ctx, `SELECT account_id, user_id, csrf, expires_at, last_seen_at FROM auth.sessions
WHERE id_hash = $1 AND expires_at > $2`, hash, now).Scan(&sess.AccountID, &sess.UserID, &sess.CSRF, &sess.ExpiresAt, &lastSeen)
	if errors.Is(err, pgx.ErrNoRows) {
		return Session{}, ErrNotFound
	}
	if err != nil {
		return Session{}, fmt.Errorf("auth: read session: %w", err)
	}
	if now.Sub(lastSeen) < SessionTouchEvery {
		return sess, nil
	}
	err = s.pool.QueryRow(ctx, `UPDATE auth.sessions
SET last_seen_at = $2, expires_at = least($2 + $3 * interval '1 millisecond', created_at + $4 * interval '1 millisecond')
WHERE id_hash = $1 AND expires_at > $2
RETURNING expires_at`, hash, now, p.Idle.Milliseconds(), p.Absolute.Milliseconds()).Scan(&sess.ExpiresAt)
	if errors.Is(err, pgx.ErrNoRows) { // ended (logout, purge) since the read
		return Session{}, ErrNotFound
	}
	if err != nil {
		return Session{}, fmt.Errorf("auth: slide session: %w", err)
	}
	return sess, nil
}

// DeleteSession ends the session of cookie value id (logout).
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM auth.sessions WHERE id_hash = $1`, HashSecret(id)); err != nil {
		return fmt.Errorf("auth: delete session: %w", err)
	}
	return nil
}

// EndUserSessions ends every session of a user (archived, password reset).
func (s *Store) EndUserSessions(ctx context.Context, accountID, userID string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM auth.sessions WHERE account_id = $1 AND user_id = $2`, accountID, userID); err != nil {
		return fmt.Errorf("auth: end sessions: %w", err)
	}
	return nil
}

// PurgeSessions deletes expired sessions and returns how many.
func (s *Store) PurgeSessions(ctx context.Context, now time.Time) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM auth.sessions WHERE expires_at <= $1`, now)
	if err != nil {
		return 0, fmt.Errorf("auth: purge sessions: %w", err)
	}
	return tag.RowsAffected(), nil
}
