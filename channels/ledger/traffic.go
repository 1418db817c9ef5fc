package ledger

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// ErrUnknown is returned when a lookup finds nothing.
var ErrUnknown = errors.New("ledger: unknown")

// Contact is the mapping of a provider contact to Parley's ids.
type Contact struct {
	InboxID           string
	ProviderContactID string
	AccountID         string
	ConversationID    string
	ContactID         string
}

// RememberContact records the mapping (idempotent).
func (l *Ledger) RememberContact(ctx context.Context, c Contact) error {
	_, err := l.pool.Exec(ctx, `INSERT INTO channel_contacts (inbox_id, provider_contact_id, account_id, conversation_id, contact_id)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, c.InboxID, c.ProviderContactID, c.AccountID, c.ConversationID, c.ContactID)
	if err != nil {
		return fmt.Errorf("ledger: remember contact: %w", err)
	}
	return nil
}

// ContactOf returns the provider contact a conversation talks to.
func (l *Ledger) ContactOf(ctx context.Context, conversationID string) (Contact, error) {
	c := Contact{ConversationID: conversationID}
	err := l.pool.QueryRow(ctx, `SELECT inbox_id, provider_contact_id, account_id, contact_id FROM channel_contacts WHERE conversation_id = $1`,
		conversationID).Scan(&c.InboxID, &c.ProviderContactID, &c.AccountID, &c.ContactID)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, fmt.Errorf("%w conversation %s", ErrUnknown, conversationID)
	}
	if err != nil {
		return c, fmt.Errorf("ledger: contact of %s: %w", conversationID, err)
	}
	return c, nil
}

// FirstSeen marks an inbound provider message id as taken in and reports
// whether the mark is new.
func (l *Ledger) FirstSeen(ctx context.Context, inboxID, providerMessageID string) (bool, error) {
	tag, err := l.pool.Exec(ctx, `INSERT INTO channel_inbound_seen (inbox_id, provider_message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
		inboxID, providerMessageID)
	if err != nil {
		return false, fmt.Errorf("ledger: seen: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// Seen reports whether an inbound provider message id was taken in.
func (l *Ledger) Seen(ctx context.Context, inboxID, providerMessageID string) (bool, error) {
	var seen bool
	err := l.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM channel_inbound_seen WHERE inbox_id = $1 AND provider_message_id = $2)`,
		inboxID, providerMessageID).Scan(&seen)
	if err != nil {
		return false, fmt.Errorf("ledger: seen: %w", err)
	}
	return seen, nil
}

// OutboundRef names an outbound message.
type OutboundRef struct {
	ConversationID string
	MessageID      string
}

// MessageOf returns the outbound message a provider id was given to.
func (l *Ledger) MessageOf(ctx context.Context, inboxID, providerMessageID string) (OutboundRef, error) {
	var r OutboundRef
	err := l.pool.QueryRow(ctx, `SELECT conversation_id, message_id FROM channel_outbound WHERE inbox_id = $1 AND provider_message_id = $2`,
		inboxID, providerMessageID).Scan(&r.ConversationID, &r.MessageID)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, fmt.Errorf("%w provider message %s", ErrUnknown, providerMessageID)
	}
	if err != nil {
		return r, fmt.Errorf("ledger: message of %s: %w", providerMessageID, err)
	}
	return r, nil
}

// ForgetContact removes a provider contact's mapping, for an outreach the
// command side refused before anything was appended.
func (l *Ledger) ForgetContact(ctx context.Context, c Contact) error {
	_, err := l.pool.Exec(ctx, `DELETE FROM channel_contacts WHERE inbox_id = $1 AND provider_contact_id = $2 AND conversation_id = $3`,
		c.InboxID, c.ProviderContactID, c.ConversationID)
	if err != nil {
		return fmt.Errorf("ledger: forget contact: %w", err)
	}
	return nil
}
