// Package inboxes keeps the configuration of connected channel inboxes in
// PostgreSQL, with their credentials encrypted at rest (AES-256-GCM, the
// inbox id as additional data). Credentials are decrypted only for the
// adapters and are never listed.
//
// This is a stand-in until inboxes are event-sourced account configuration
// (domain/account): then the non-secret fields move there and this package
// keeps only the encrypted credentials, keyed by the same inbox id.
package inboxes

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
)

// ErrNotFound is returned for an unknown inbox (or one of another account).
var ErrNotFound = errors.New("inboxes: no such inbox")

// Migrate creates the inbox table.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS channel_inboxes (
		id                  text PRIMARY KEY,
		account_id          text NOT NULL,
		channel             text NOT NULL,
		name                text NOT NULL,
		provider_account_id text NOT NULL,
		api_base_url        text NOT NULL DEFAULT '',
		credentials         bytea NOT NULL,
		created_at          timestamptz NOT NULL DEFAULT now()
	);
	CREATE INDEX IF NOT EXISTS channel_inboxes_account ON channel_inboxes (account_id, id)`)
	if err != nil {
		return fmt.Errorf("inboxes: migrate: %w", err)
	}
	return nil
}

// KeyFunc returns the 32-byte key that seals credentials.
type KeyFunc func(ctx context.Context) ([]byte, error)

// Store reads and writes inbox configuration.
type Store struct {
	pool *pgxpool.Pool
	key  KeyFunc

	mu     sync.Mutex
	sealer *sealer // built from key on first use
}

// New returns a store whose credentials are sealed with the key from key.
func New(pool *pgxpool.Pool, key KeyFunc) *Store {
	return &Store{pool: pool, key: key}
}

func (s *Store) sealerFor(ctx context.Context) (*sealer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sealer != nil {
		return s.sealer, nil
	}
	key, err := s.key(ctx)
	if err != nil {
		return nil, err
	}
	if s.sealer, err = newSealer(key); err != nil {
		return nil, err
	}
	return s.sealer, nil
}

// Put creates or replaces an inbox.
func (s *Store) Put(ctx context.Context, in channels.Inbox) error {
	sl, err := s.sealerFor(ctx)
	if err != nil {
		return err
	}
	sealed, err := sl.seal(in.ID, in.Credentials)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO channel_inboxes (id, account_id, channel, name, provider_account_id, api_base_url, credentials)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (id) DO UPDATE SET name = $4, provider_account_id = $5, api_base_url = $6, credentials = $7
		WHERE channel_inboxes.account_id = $2`,
		in.ID, in.AccountID, string(in.Channel), in.Name, in.ProviderAccountID, in.APIBaseURL, sealed)
	if err != nil {
		return fmt.Errorf("inboxes: put %s: %w", in.ID, err)
	}
	return nil
}

// Get returns an inbox with its decrypted credentials.
func (s *Store) Get(ctx context.Context, id string) (channels.Inbox, error) {
	var in channels.Inbox
	var channel string
	var sealed []byte
	err := s.pool.QueryRow(ctx, `SELECT id, account_id, channel, name, provider_account_id, api_base_url, credentials
		FROM channel_inboxes WHERE id = $1`, id).Scan(&in.ID, &in.AccountID, &channel, &in.Name, &in.ProviderAccountID, &in.APIBaseURL, &sealed)
	if errors.Is(err, pgx.ErrNoRows) {
		return in, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err != nil {
		return in, fmt.Errorf("inboxes: get %s: %w", id, err)
	}
	in.Channel = conversation.Channel(channel)
	sl, err := s.sealerFor(ctx)
	if err != nil {
		return in, err
	}
	if in.Credentials, err = sl.open(in.ID, sealed); err != nil {
		return in, err
	}
	return in, nil
}

// Summary is an inbox as listed: no credentials.
type Summary struct {
	ID                string    `json:"id"`
	Channel           string    `json:"channel"`
	Name              string    `json:"name"`
	ProviderAccountID string    `json:"provider_account_id"`
	CreatedAt         time.Time `json:"created_at"`
}

// List returns the account's inboxes.
func (s *Store) List(ctx context.Context, accountID string) ([]Summary, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, channel, name, provider_account_id, created_at
		FROM channel_inboxes WHERE account_id = $1 ORDER BY id LIMIT 1000`, accountID)
	if err != nil {
		return nil, fmt.Errorf("inboxes: list: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Summary, error) {
		var s Summary
		return s, r.Scan(&s.ID, &s.Channel, &s.Name, &s.ProviderAccountID, &s.CreatedAt)
	})
	if err != nil {
		return nil, fmt.Errorf("inboxes: list: %w", err)
	}
	return out, nil
}

// ByAddress returns the inbox of a channel whose provider account id is
// address (an email inbox's address).
func (s *Store) ByAddress(ctx context.Context, channel conversation.Channel, address string) (channels.Inbox, error) {
	var id string
	err := s.pool.QueryRow(ctx, `SELECT id FROM channel_inboxes WHERE channel = $1 AND lower(provider_account_id) = lower($2) ORDER BY id LIMIT 1`,
		string(channel), address).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return channels.Inbox{}, fmt.Errorf("%w: %s", ErrNotFound, address)
	}
	if err != nil {
		return channels.Inbox{}, fmt.Errorf("inboxes: by address: %w", err)
	}
	return s.Get(ctx, id)
}

// OfChannel returns every inbox of a channel, across accounts, with its
// credentials (for pollers).
func (s *Store) OfChannel(ctx context.Context, channel conversation.Channel) ([]channels.Inbox, error) {
	rows, err := s.pool.Query(ctx, `SELECT id FROM channel_inboxes WHERE channel = $1 ORDER BY id LIMIT 10000`, string(channel))
	if err != nil {
		return nil, fmt.Errorf("inboxes: of channel: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("inboxes: of channel: %w", err)
	}
	out := make([]channels.Inbox, 0, len(ids))
	for _, id := range ids {
		in, err := s.Get(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue // removed meanwhile
		}
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, nil
}
