package api

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// MaxIdempotencyKeyLen bounds the Idempotency-Key header.
const MaxIdempotencyKeyLen = 255

// Idempotency keeps the responses of commands sent with an Idempotency-Key in
// PostgreSQL (table idempotency_keys), scoped by account, so that a retry is
// answered with the stored response instead of running the command again.
type Idempotency struct {
	pool *pgxpool.Pool
	ttl  time.Duration // how long a stored response is replayed
	// lease is how long an in-flight claim holds before another request with
	// the same key and body may take it over (its process died).
	lease time.Duration
}

// NewIdempotency returns a store with the given expiry and in-flight lease;
// zero values mean 24 h and 1 min.
func NewIdempotency(pool *pgxpool.Pool, ttl, lease time.Duration) *Idempotency {
	if ttl <= 0 {
		ttl = 24 * time.Hour
	}
	if lease <= 0 {
		lease = time.Minute
	}
	return &Idempotency{pool: pool, ttl: ttl, lease: lease}
}

// idempotencyLockKey serialises MigrateIdempotency across processes.
const idempotencyLockKey int64 = 0x7061726c65795f69 // "parley_i"

// MigrateIdempotency creates the idempotency_keys table. It is idempotent
// and safe to run from several processes at once.
func MigrateIdempotency(ctx context.Context, pool *pgxpool.Pool) error {
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", idempotencyLockKey); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `
CREATE TABLE IF NOT EXISTS idempotency_keys (
	account_id   text        NOT NULL,
	key          text        NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
	request_hash bytea       NOT NULL,
	owner        uuid        NOT NULL,
	state        text        NOT NULL CHECK (state IN ('in_flight', 'done')),
	status       int,
	header       jsonb,
	body         bytea,
	created_at   timestamptz NOT NULL DEFAULT now(),
	locked_until timestamptz NOT NULL,
	expires_at   timestamptz NOT NULL,
	PRIMARY KEY (account_id, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_expires_at ON idempotency_keys (expires_at);`)
		return err
	})
	if err != nil {
		return fmt.Errorf("api: migrate idempotency_keys: %w", err)
	}
	return nil
}

// storedResponse is a response kept for replay.
type storedResponse struct {
	Status int
	Header map[string]string
	Body   []byte
}

// claim is the outcome of trying to own a key.
type claim struct {
	owner    uuid.UUID       // set when this request owns the key
	replay   *storedResponse // set when a finished response is stored
	conflict *RequestError   // set when the key is in flight or reused
}

func requestHash(method, path, ifMatch string, body []byte) []byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", method, path, ifMatch)
	h.Write(body)
	return h.Sum(nil)
}

// Claim makes this request the owner of (account, key), or says why not.
func (s *Idempotency) Claim(ctx context.Context, account, key string, hash []byte) (claim, error) {
	owner := uuid.New()
	for range 3 {
		var owned bool
		err := s.pool.QueryRow(ctx, `
INSERT INTO idempotency_keys AS k (account_id, key, request_hash, owner, state, locked_until, expires_at)
VALUES ($1, $2, $3, $4, 'in_flight', now() + $5 * interval '1 millisecond', now() + $6 * interval '1 millisecond')
ON CONFLICT (account_id, key) DO UPDATE
SET request_hash = EXCLUDED.request_hash, owner = EXCLUDED.owner, state = 'in_flight',
	status = NULL, header = NULL, body = NULL, created_at = now(),
	locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at
WHERE k.expires_at <= now()
	OR (k.state = 'in_flight' AND k.locked_until <= now() AND k.request_hash = EXCLUDED.request_hash)
RETURNING true`, account, key, hash, owner, s.lease.Milliseconds(), s.ttl.Milliseconds()).Scan(&owned)
		if err == nil {
			return claim{owner: owner}, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return claim{}, fmt.Errorf("api: claim idempotency key: %w", err)
		}
		c, found, err := s.existing(ctx, account, key, hash)
		if err != nil || found {
			return c, err
		}
		// The row went away between the two statements; try again.
	}
	return claim{}, errors.New("api: claim idempotency key: lost three races for the key")
}

func (s *Idempotency) existing(ctx context.Context, account, key string, hash []byte) (claim, bool, error) {
	var (
		stored []byte
		state  string
		resp   storedResponse
		status *int
	)
	err := s.pool.QueryRow(ctx, `
SELECT request_hash, state, status, coalesce(header, '{}'::jsonb), coalesce(body, ''::bytea)
FROM idempotency_keys WHERE account_id = $1 AND key = $2`, account, key).Scan(&stored, &state, &status, &resp.Header, &resp.Body)
	if errors.Is(err, pgx.ErrNoRows) {
		return claim{}, false, nil
	}
	if err != nil {
		return claim{}, false, fmt.Errorf("api: read idempotency key: %w", err)
	}
	switch {
	case string(stored) != string(hash):
		return claim{conflict: &RequestError{Status: http.StatusUnprocessableEntity, Code: "idempotency_key_reused", Field: "Idempotency-Key",
			Message: "this Idempotency-Key was used with a different request; use a new key for a new request"}}, true, nil
	case state == "in_flight":
		return claim{conflict: &RequestError{Status: http.StatusConflict, Code: "idempotency_key_in_flight", Field: "Idempotency-Key",
			Message: "a request with this Idempotency-Key is still being processed; retry shortly"}}, true, nil
	}
	resp.Status = *status
	return claim{replay: &resp}, true, nil
}

// Complete stores the owner's final response for replay.
func (s *Idempotency) Complete(ctx context.Context, account, key string, owner uuid.UUID, resp storedResponse) error {
	_, err := s.pool.Exec(ctx, `
UPDATE idempotency_keys SET state = 'done', status = $4, header = $5, body = $6
WHERE account_id = $1 AND key = $2 AND owner = $3`, account, key, owner, resp.Status, resp.Header, resp.Body)
	if err != nil {
		return fmt.Errorf("api: store idempotent response: %w", err)
	}
	return nil
}

// Release forgets the owner's claim so that a retry runs the command again.
func (s *Idempotency) Release(ctx context.Context, account, key string, owner uuid.UUID) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM idempotency_keys WHERE account_id = $1 AND key = $2 AND owner = $3`, account, key, owner)
	if err != nil {
		return fmt.Errorf("api: release idempotency key: %w", err)
	}
	return nil
}

// Purge deletes expired keys and reports how many.
func (s *Idempotency) Purge(ctx context.Context) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM idempotency_keys WHERE expires_at <= now()`)
	if err != nil {
		return 0, fmt.Errorf("api: purge idempotency keys: %w", err)
	}
	return tag.RowsAffected(), nil
}
