package ledger

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// MediaKey returns the blob of a message's media, "" if not stored yet.
func (l *Ledger) MediaKey(ctx context.Context, ref OutboundRef) (string, error) {
	var key string
	err := l.pool.QueryRow(ctx, `SELECT blob_key FROM channel_media WHERE conversation_id = $1 AND message_id = $2`,
		ref.ConversationID, ref.MessageID).Scan(&key)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("ledger: media of %s: %w", ref.MessageID, err)
	}
	return key, nil
}

// SetMediaKey records where a message's media is stored.
func (l *Ledger) SetMediaKey(ctx context.Context, ref OutboundRef, key string) error {
	_, err := l.pool.Exec(ctx, `INSERT INTO channel_media (conversation_id, message_id, blob_key) VALUES ($1, $2, $3)
		ON CONFLICT DO NOTHING`, ref.ConversationID, ref.MessageID, key)
	if err != nil {
		return fmt.Errorf("ledger: set media of %s: %w", ref.MessageID, err)
	}
	return nil
}

// Thread is an email conversation's threading state.
type Thread struct {
	Subject       string
	LastMessageID string // the Message-ID to answer (In-Reply-To)
	References    string // the References chain, space separated
}

// ThreadOf returns a conversation's email thread (zero if none).
func (l *Ledger) ThreadOf(ctx context.Context, conversationID string) (Thread, error) {
	var t Thread
	err := l.pool.QueryRow(ctx, `SELECT subject, last_message_id, refs FROM channel_threads WHERE conversation_id = $1`,
		conversationID).Scan(&t.Subject, &t.LastMessageID, &t.References)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return t, fmt.Errorf("ledger: thread of %s: %w", conversationID, err)
	}
	return t, nil
}

// SetThread records a conversation's latest email threading state.
func (l *Ledger) SetThread(ctx context.Context, conversationID string, t Thread) error {
	_, err := l.pool.Exec(ctx, `INSERT INTO channel_threads (conversation_id, subject, last_message_id, refs) VALUES ($1, $2, $3, $4)
		ON CONFLICT (conversation_id) DO UPDATE SET subject = $2, last_message_id = $3, refs = $4`,
		conversationID, t.Subject, t.LastMessageID, t.References)
	if err != nil {
		return fmt.Errorf("ledger: set thread of %s: %w", conversationID, err)
	}
	return nil
}
