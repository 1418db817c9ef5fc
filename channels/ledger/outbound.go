package ledger

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Send states of an outbound message.
const (
	StateSending = "sending" // claimed; the outcome of the request is not recorded yet
	StateSent    = "sent"
	StateFailed  = "failed"
)

// Outbound is the recorded send state of a message.
type Outbound struct {
	State             string
	ProviderMessageID string
	Error             string
}

// Claim records that ref is about to be sent and returns its state before
// the claim: "" if it was never claimed, else the earlier state, which the
// caller must honour instead of sending again.
func (l *Ledger) Claim(ctx context.Context, ref OutboundRef, inboxID string) (Outbound, error) {
	var prev Outbound
	var provider *string
	err := l.pool.QueryRow(ctx, `SELECT state, provider_message_id, error FROM channel_outbound WHERE conversation_id = $1 AND message_id = $2`,
		ref.ConversationID, ref.MessageID).Scan(&prev.State, &provider, &prev.Error)
	if err == nil {
		if provider != nil {
			prev.ProviderMessageID = *provider
		}
		return prev, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return prev, fmt.Errorf("ledger: read outbound %s: %w", ref.MessageID, err)
	}
	_, err = l.pool.Exec(ctx, `INSERT INTO channel_outbound (conversation_id, message_id, inbox_id, state, attempts) VALUES ($1, $2, $3, $4, 1)`,
		ref.ConversationID, ref.MessageID, inboxID, StateSending)
	if err != nil {
		return prev, fmt.Errorf("ledger: claim outbound %s: %w", ref.MessageID, err)
	}
	return prev, nil
}

// Finish records the outcome of a send.
func (l *Ledger) Finish(ctx context.Context, ref OutboundRef, o Outbound) error {
	var provider *string
	if o.ProviderMessageID != "" {
		provider = &o.ProviderMessageID
	}
	update := `UPDATE channel_outbound SET state = $3, provider_message_id = $4, error = $5, updated_at = now()
		WHERE conversation_id = $1 AND message_id = $2`
	_, err := l.pool.Exec(ctx, update, ref.ConversationID, ref.MessageID, o.State, provider, o.Error)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		// The provider gave an id it gave another message before (a
		// provider fault): keep the outcome, without the id.
		_, err = l.pool.Exec(ctx, update, ref.ConversationID, ref.MessageID, o.State, nil,
			strings.TrimSpace(o.Error+" (provider id "+o.ProviderMessageID+" was already used)"))
	}
	if err != nil {
		return fmt.Errorf("ledger: finish outbound %s: %w", ref.MessageID, err)
	}
	return nil
}

// Checkpoint returns the dispatcher's last handled position (0 if none).
func (l *Ledger) Checkpoint(ctx context.Context, name string) (uint64, error) {
	var pos int64
	err := l.pool.QueryRow(ctx, `SELECT position FROM channel_dispatch_checkpoint WHERE name = $1`, name).Scan(&pos)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("ledger: checkpoint %s: %w", name, err)
	}
	return uint64(pos), nil
}

// StoreCheckpoint moves the dispatcher's checkpoint forward.
func (l *Ledger) StoreCheckpoint(ctx context.Context, name string, position uint64) error {
	_, err := l.pool.Exec(ctx, `INSERT INTO channel_dispatch_checkpoint (name, position) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET position = GREATEST(channel_dispatch_checkpoint.position, $2)`, name, int64(position))
	if err != nil {
		return fmt.Errorf("ledger: store checkpoint %s: %w", name, err)
	}
	return nil
}

// SentIn returns the messages of a conversation the provider accepted, for
// watermark reports ("everything up to now was read").
func (l *Ledger) SentIn(ctx context.Context, conversationID string) ([]OutboundRef, error) {
	rows, err := l.pool.Query(ctx, `SELECT conversation_id, message_id FROM channel_outbound
		WHERE conversation_id = $1 AND state = $2 ORDER BY updated_at LIMIT 1000`, conversationID, StateSent)
	if err != nil {
		return nil, fmt.Errorf("ledger: sent in %s: %w", conversationID, err)
	}
	refs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (OutboundRef, error) {
		var ref OutboundRef
		return ref, r.Scan(&ref.ConversationID, &ref.MessageID)
	})
	if err != nil {
		return nil, fmt.Errorf("ledger: sent in %s: %w", conversationID, err)
	}
	return refs, nil
}
