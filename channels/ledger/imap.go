package ledger

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// IMAPState is where polling of an inbox's mailbox stands: the mailbox's
// UIDVALIDITY and the highest UID taken in.
type IMAPState struct {
	UIDValidity uint32
	LastUID     uint32
}

// IMAPStateOf returns an inbox's polling state (zero before the first poll).
func (l *Ledger) IMAPStateOf(ctx context.Context, inboxID string) (IMAPState, error) {
	var validity, last int64
	err := l.pool.QueryRow(ctx, `SELECT uid_validity, last_uid FROM channel_imap_state WHERE inbox_id = $1`, inboxID).Scan(&validity, &last)
	if errors.Is(err, pgx.ErrNoRows) {
		return IMAPState{}, nil
	}
	if err != nil {
		return IMAPState{}, fmt.Errorf("ledger: imap state of %s: %w", inboxID, err)
	}
	return IMAPState{UIDValidity: uint32(validity), LastUID: uint32(last)}, nil
}

// SetIMAPState records an inbox's polling state.
func (l *Ledger) SetIMAPState(ctx context.Context, inboxID string, s IMAPState) error {
	_, err := l.pool.Exec(ctx, `INSERT INTO channel_imap_state (inbox_id, uid_validity, last_uid) VALUES ($1, $2, $3)
		ON CONFLICT (inbox_id) DO UPDATE SET uid_validity = $2, last_uid = $3`, inboxID, int64(s.UIDValidity), int64(s.LastUID))
	if err != nil {
		return fmt.Errorf("ledger: set imap state of %s: %w", inboxID, err)
	}
	return nil
}
