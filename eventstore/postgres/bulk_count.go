package postgres

import (
	"context"
	"fmt"
)

// CountAfter counts the committed events after position, for bulk work that
// sizes itself against the log (a rebuild's ETA, a seeding report). It scans
// the position index: about a second per ten million events.
func (s *Store) CountAfter(ctx context.Context, after uint64) (int64, error) {
	var n int64
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM eventstore.events WHERE position > $1`, int64(after)).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres eventstore: count events after %d: %w", after, classify(err))
	}
	return n, nil
}
