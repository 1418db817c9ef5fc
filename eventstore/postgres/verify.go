package postgres

import (
	"bytes"
	"context"
	"fmt"
)

// Break is the first event whose stored hash does not match the chain
// recomputed from the events' contents.
type Break struct {
	Stream   string
	Revision uint64
	Position uint64
	// Expected is the hash recomputed from the event and its predecessor;
	// Stored the hash in the event row. When only streams.last_hash is off,
	// Expected is the last event's hash and Stored is last_hash.
	Expected []byte
	Stored   []byte
}

func (b *Break) String() string {
	return fmt.Sprintf("stream %q revision %d (position %d): expected hash %x, stored %x",
		b.Stream, b.Revision, b.Position, b.Expected, b.Stored)
}

// verifySQL recomputes each event's hash from its content and the stored
// hash of its predecessor, in (stream, revision) order, and flags a stream's
// last event whose hash differs from streams.last_hash.
const verifySQL = `
SELECT e.stream_id, e.revision, e.position, e.hash,
       eventstore.event_hash(
           coalesce(lag(e.hash) OVER (PARTITION BY e.stream_id ORDER BY e.revision), '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea),
           e.id, e.stream_id, e.revision, e.type, e.schema_version, e.data, e.metadata),
       e.revision = s.revision AND e.hash IS DISTINCT FROM s.last_hash,
       s.last_hash
FROM eventstore.events e JOIN eventstore.streams s USING (stream_id)
WHERE $1 = '' OR s.account_id = $1
ORDER BY e.stream_id, e.revision`

// VerifyChain walks the hash chains of every stream, or of one account's
// streams when account is not empty, and returns the first break, or nil if
// every chain holds. A break is an event whose content no longer hashes to
// its stored hash, or a stream whose last_hash differs from its last event's.
func (s *Store) VerifyChain(ctx context.Context, account string) (*Break, error) {
	rows, err := s.pool.Query(ctx, verifySQL, account)
	if err != nil {
		return nil, fmt.Errorf("postgres eventstore: verify chain: %w", classify(err))
	}
	defer rows.Close()
	var (
		b            Break
		position     int64
		revision     int64
		computed     []byte
		lastMismatch bool
		lastHash     []byte
	)
	for rows.Next() {
		if err := rows.Scan(&b.Stream, &revision, &position, &b.Stored, &computed, &lastMismatch, &lastHash); err != nil {
			return nil, fmt.Errorf("postgres eventstore: verify chain: %w", err)
		}
		b.Revision, b.Position = uint64(revision), uint64(position)
		if !bytes.Equal(computed, b.Stored) {
			b.Expected = computed
			return &b, nil
		}
		if lastMismatch {
			b.Expected, b.Stored = b.Stored, lastHash
			return &b, nil
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres eventstore: verify chain: %w", classify(err))
	}
	return nil, nil
}
