package ledger

import (
	"context"
	"fmt"
	"time"
)

// Retention of the ledger's bookkeeping rows.
type Retention struct {
	Seen   time.Duration // inbound provider ids kept for dedupe; default 30 days
	Parked time.Duration // reports for unknown provider ids; default 7 days
}

// Purge deletes seen ids and parked reports older than the retention at
// now, and returns how many rows went.
func (l *Ledger) Purge(ctx context.Context, r Retention, now time.Time) (int64, error) {
	if r.Seen <= 0 {
		r.Seen = 30 * 24 * time.Hour
	}
	if r.Parked <= 0 {
		r.Parked = 7 * 24 * time.Hour
	}
	seen, err := l.pool.Exec(ctx, `DELETE FROM channel_inbound_seen WHERE seen_at < $1`, now.Add(-r.Seen))
	if err != nil {
		return 0, fmt.Errorf("ledger: purge seen: %w", err)
	}
	parked, err := l.pool.Exec(ctx, `DELETE FROM channel_parked_statuses WHERE parked_at < $1`, now.Add(-r.Parked))
	if err != nil {
		return 0, fmt.Errorf("ledger: purge parked: %w", err)
	}
	return seen.RowsAffected() + parked.RowsAffected(), nil
}
