// Package secrets keeps Parley's generated server-side keys (such as the
// key that signs page cursors) in PostgreSQL, so that every process of a
// deployment shares them without configuration. A key is generated on first
// use and never changes unless an operator deletes it.
package secrets

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Migrate creates the table that holds the keys.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS parley_secrets (
		name       text PRIMARY KEY,
		value      bytea NOT NULL,
		created_at timestamptz NOT NULL DEFAULT now()
	)`)
	if err != nil {
		return fmt.Errorf("secrets: migrate: %w", err)
	}
	return nil
}

// Get returns the key called name, generating size random bytes the first
// time; concurrent first calls from several processes agree on one key.
func Get(ctx context.Context, pool *pgxpool.Pool, name string, size int) ([]byte, error) {
	fresh := make([]byte, size)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("secrets: generate %s: %w", name, err)
	}
	// A first use racing another one can find nothing in one statement: its
	// INSERT waits for the other's commit and inserts nothing, while its
	// SELECT sees the snapshot from before that commit. The next statement
	// sees the committed key.
	var value []byte
	for attempt := 0; ; attempt++ {
		err := pool.QueryRow(ctx, `WITH ins AS (
				INSERT INTO parley_secrets (name, value) VALUES ($1, $2)
				ON CONFLICT (name) DO NOTHING RETURNING value)
			SELECT value FROM ins UNION ALL SELECT value FROM parley_secrets WHERE name = $1 LIMIT 1`, name, fresh).Scan(&value)
		if errors.Is(err, pgx.ErrNoRows) && attempt < 3 {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("secrets: get %s: %w", name, err)
		}
		break
	}
	return value, nil
}
