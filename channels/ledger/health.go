package ledger

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Health is an inbox's channel health.
type Health struct {
	InboxID            string     `json:"inbox_id"`
	LastInboundAt      *time.Time `json:"last_inbound_at"`
	LastOutboundOKAt   *time.Time `json:"last_outbound_ok_at"`
	LastOutboundFailAt *time.Time `json:"last_outbound_fail_at"`
	LastError          string     `json:"last_error"`
	SendsOK            int64      `json:"sends_ok"`
	SendsFailed        int64      `json:"sends_failed"`
	ErrorRate          float64    `json:"error_rate"`
	SignatureFailures  int64      `json:"signature_failures"`
	DuplicatesDropped  int64      `json:"duplicates_dropped"`
	QualityRating      string     `json:"quality_rating"`
	// Polled inboxes (email over IMAP).
	LastPollOKAt   *time.Time `json:"last_poll_ok_at,omitempty"`
	LastPollFailAt *time.Time `json:"last_poll_fail_at,omitempty"`
	PollFailures   int64      `json:"poll_failures"`
}

// Health counters an event can bump.
const (
	HealthInbound          = "inbound"
	HealthSendOK           = "send_ok"
	HealthSendFailed       = "send_failed"
	HealthSignatureFailure = "signature_failure"
	HealthDuplicate        = "duplicate"
	HealthPollOK           = "poll_ok"
	HealthPollFailed       = "poll_failed"
)

// Record bumps an inbox's health for one event at now; detail is the error
// of a failed send or poll.
func (l *Ledger) Record(ctx context.Context, inboxID, what string, now time.Time, detail string) error {
	set := map[string]string{
		HealthInbound:          "last_inbound_at = $2",
		HealthSendOK:           "last_outbound_ok_at = $2, sends_ok = channel_health.sends_ok + 1",
		HealthSendFailed:       "last_outbound_fail_at = $2, sends_failed = channel_health.sends_failed + 1, last_error = $3",
		HealthSignatureFailure: "signature_failures = channel_health.signature_failures + 1",
		HealthDuplicate:        "duplicates_dropped = channel_health.duplicates_dropped + 1",
		HealthPollOK:           "last_poll_ok_at = $2",
		HealthPollFailed:       "last_poll_fail_at = $2, poll_failures = channel_health.poll_failures + 1, last_error = $3",
	}[what]
	if set == "" {
		return fmt.Errorf("ledger: unknown health event %q", what)
	}
	_, err := l.pool.Exec(ctx, `INSERT INTO channel_health (inbox_id) VALUES ($1) ON CONFLICT (inbox_id) DO NOTHING;`, inboxID)
	if err == nil {
		// Every statement binds $2 and $3 (typed in the WHERE clause) though
		// not every SET uses them.
		_, err = l.pool.Exec(ctx, `UPDATE channel_health SET `+set+` WHERE inbox_id = $1 AND $2::timestamptz IS NOT NULL AND $3::text IS NOT NULL`, inboxID, now, detail)
	}
	if err != nil {
		return fmt.Errorf("ledger: record %s for %s: %w", what, inboxID, err)
	}
	return nil
}

// SetQuality records the provider's quality rating of an inbox.
func (l *Ledger) SetQuality(ctx context.Context, inboxID, rating string) error {
	_, err := l.pool.Exec(ctx, `INSERT INTO channel_health (inbox_id, quality_rating) VALUES ($1, $2)
		ON CONFLICT (inbox_id) DO UPDATE SET quality_rating = $2`, inboxID, rating)
	if err != nil {
		return fmt.Errorf("ledger: quality of %s: %w", inboxID, err)
	}
	return nil
}

// HealthOf returns an inbox's health (zero counters if nothing happened).
func (l *Ledger) HealthOf(ctx context.Context, inboxID string) (Health, error) {
	h := Health{InboxID: inboxID}
	err := l.pool.QueryRow(ctx, `SELECT last_inbound_at, last_outbound_ok_at, last_outbound_fail_at, last_error,
		sends_ok, sends_failed, signature_failures, duplicates_dropped, quality_rating, last_poll_ok_at, last_poll_fail_at, poll_failures
		FROM channel_health WHERE inbox_id = $1`, inboxID).Scan(&h.LastInboundAt, &h.LastOutboundOKAt, &h.LastOutboundFailAt,
		&h.LastError, &h.SendsOK, &h.SendsFailed, &h.SignatureFailures, &h.DuplicatesDropped, &h.QualityRating,
		&h.LastPollOKAt, &h.LastPollFailAt, &h.PollFailures)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return h, fmt.Errorf("ledger: health of %s: %w", inboxID, err)
	}
	if total := h.SendsOK + h.SendsFailed; total > 0 {
		h.ErrorRate = float64(h.SendsFailed) / float64(total)
	}
	return h, nil
}
