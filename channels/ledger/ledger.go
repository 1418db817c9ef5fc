// Package ledger records channel traffic in PostgreSQL: which conversation
// and contact a provider's contact maps to, which inbound provider ids were
// already taken in, each outbound message's send state and provider id
// (the dispatcher's exactly-once guard and the key of delivery statuses),
// the dispatcher's checkpoint, per-inbox health counters, and where IMAP
// polling of each email inbox stands.
package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Migrate creates the ledger's tables.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := pool.Exec(ctx, `
	CREATE TABLE IF NOT EXISTS channel_contacts (
		inbox_id            text NOT NULL,
		provider_contact_id text NOT NULL,
		account_id          text NOT NULL,
		conversation_id     text NOT NULL UNIQUE,
		contact_id          text NOT NULL,
		PRIMARY KEY (inbox_id, provider_contact_id)
	);
	CREATE TABLE IF NOT EXISTS channel_inbound_seen (
		inbox_id            text NOT NULL,
		provider_message_id text NOT NULL,
		seen_at             timestamptz NOT NULL DEFAULT now(),
		PRIMARY KEY (inbox_id, provider_message_id)
	);
	CREATE TABLE IF NOT EXISTS channel_outbound (
		conversation_id     text NOT NULL,
		message_id          text NOT NULL,
		inbox_id            text NOT NULL,
		state               text NOT NULL,
		provider_message_id text,
		error               text NOT NULL DEFAULT '',
		attempts            int NOT NULL DEFAULT 0,
		updated_at          timestamptz NOT NULL DEFAULT now(),
		PRIMARY KEY (conversation_id, message_id)
	);
	CREATE UNIQUE INDEX IF NOT EXISTS channel_outbound_provider ON channel_outbound (inbox_id, provider_message_id);
	CREATE TABLE IF NOT EXISTS channel_dispatch_checkpoint (
		name     text PRIMARY KEY,
		position bigint NOT NULL
	);
	CREATE TABLE IF NOT EXISTS channel_parked_statuses (
		inbox_id            text NOT NULL,
		provider_message_id text NOT NULL,
		status              text NOT NULL,
		error_code          text NOT NULL DEFAULT '',
		reason              text NOT NULL DEFAULT '',
		parked_at           timestamptz NOT NULL DEFAULT now(),
		PRIMARY KEY (inbox_id, provider_message_id, status)
	);
	CREATE TABLE IF NOT EXISTS channel_templates (
		inbox_id  text NOT NULL,
		name      text NOT NULL,
		language  text NOT NULL,
		status    text NOT NULL,
		category  text NOT NULL,
		body      text NOT NULL,
		synced_at timestamptz NOT NULL DEFAULT now(),
		PRIMARY KEY (inbox_id, name, language)
	);
	CREATE TABLE IF NOT EXISTS channel_media (
		conversation_id text NOT NULL,
		message_id      text NOT NULL,
		blob_key        text NOT NULL,
		PRIMARY KEY (conversation_id, message_id)
	);
	CREATE TABLE IF NOT EXISTS channel_threads (
		conversation_id text PRIMARY KEY,
		subject         text NOT NULL,
		last_message_id text NOT NULL,
		refs            text NOT NULL
	);
	CREATE TABLE IF NOT EXISTS channel_health (
		inbox_id              text PRIMARY KEY,
		last_inbound_at       timestamptz,
		last_outbound_ok_at   timestamptz,
		last_outbound_fail_at timestamptz,
		last_error            text NOT NULL DEFAULT '',
		sends_ok              bigint NOT NULL DEFAULT 0,
		sends_failed          bigint NOT NULL DEFAULT 0,
		signature_failures    bigint NOT NULL DEFAULT 0,
		duplicates_dropped    bigint NOT NULL DEFAULT 0,
		quality_rating        text NOT NULL DEFAULT ''
	);
	ALTER TABLE channel_health ADD COLUMN IF NOT EXISTS last_poll_ok_at timestamptz,
		ADD COLUMN IF NOT EXISTS last_poll_fail_at timestamptz,
		ADD COLUMN IF NOT EXISTS poll_failures bigint NOT NULL DEFAULT 0;
	CREATE TABLE IF NOT EXISTS channel_imap_state (
		inbox_id     text PRIMARY KEY,
		uid_validity bigint NOT NULL,
		last_uid     bigint NOT NULL
	)`)
	if err != nil {
		return fmt.Errorf("ledger: migrate: %w", err)
	}
	return nil
}

// Ledger is the record of channel traffic.
type Ledger struct {
	pool *pgxpool.Pool
}

// New returns a ledger over a migrated pool.
func New(pool *pgxpool.Pool) *Ledger { return &Ledger{pool: pool} }

// Pool is the ledger's database, for callers that join its transactions.
func (l *Ledger) Pool() *pgxpool.Pool { return l.pool }

// ConversationID is the conversation of a provider contact on an inbox:
// deterministic, so a retried webhook lands on the same stream.
func ConversationID(inboxID, providerContactID string) string {
	return "cv_" + digest(inboxID, providerContactID)
}

// ContactID is the contact of a provider contact on an inbox.
func ContactID(inboxID, providerContactID string) string {
	return "ct_" + digest(inboxID, providerContactID)
}

// InboundMessageID is the message id of an inbound provider message.
func InboundMessageID(inboxID, providerMessageID string) string {
	return "in_" + digest(inboxID, providerMessageID)
}

func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}
