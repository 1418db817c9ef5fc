package ledger

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// ParkedStatus is a delivery report that arrived before the dispatcher
// recorded which message the provider id belongs to (providers may report
// "sent" before answering the send request).
type ParkedStatus struct {
	Status    string
	ErrorCode string
	Reason    string
}

// Park keeps a report for a provider id the ledger does not know yet.
func (l *Ledger) Park(ctx context.Context, inboxID, providerMessageID string, s ParkedStatus) error {
	_, err := l.pool.Exec(ctx, `INSERT INTO channel_parked_statuses (inbox_id, provider_message_id, status, error_code, reason)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, inboxID, providerMessageID, s.Status, s.ErrorCode, s.Reason)
	if err != nil {
		return fmt.Errorf("ledger: park status of %s: %w", providerMessageID, err)
	}
	return nil
}

// Unpark removes and returns the reports parked for a provider id.
func (l *Ledger) Unpark(ctx context.Context, inboxID, providerMessageID string) ([]ParkedStatus, error) {
	rows, err := l.pool.Query(ctx, `DELETE FROM channel_parked_statuses WHERE inbox_id = $1 AND provider_message_id = $2
		RETURNING status, error_code, reason`, inboxID, providerMessageID)
	if err != nil {
		return nil, fmt.Errorf("ledger: unpark %s: %w", providerMessageID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ParkedStatus, error) {
		var s ParkedStatus
		return s, r.Scan(&s.Status, &s.ErrorCode, &s.Reason)
	})
	if err != nil {
		return nil, fmt.Errorf("ledger: unpark %s: %w", providerMessageID, err)
	}
	return out, nil
}

// ContactKnown reports whether a provider contact was seen on an inbox.
func (l *Ledger) ContactKnown(ctx context.Context, inboxID, providerContactID string) (bool, error) {
	var known bool
	err := l.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM channel_contacts WHERE inbox_id = $1 AND provider_contact_id = $2)`,
		inboxID, providerContactID).Scan(&known)
	if err != nil {
		return false, fmt.Errorf("ledger: contact known: %w", err)
	}
	return known, nil
}
