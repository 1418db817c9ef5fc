package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/google/uuid"

	"github.com/parley-inbox/parley/eventstore"
)

const appendSQL = `SELECT conflict, revision, position FROM eventstore.append($1, $2, $3, $4, $5, $6, $7, $8, $9)`

// Append writes events in one round trip to eventstore.append, which checks
// the expectation, deduplicates retries by event id, chains hashes and
// notifies subscribers, all in the statement's transaction.
func (s *Store) Append(ctx context.Context, stream string, expected eventstore.Expected, events []eventstore.EventData) (eventstore.AppendResult, error) {
	if err := eventstore.ValidateAppend(stream, events); err != nil {
		return eventstore.AppendResult{}, fmt.Errorf("postgres eventstore: %w", err)
	}
	n := len(events)
	ids := make([]uuid.UUID, n)
	types := make([]string, n)
	versions := make([]int32, n)
	data := make([]string, n)
	metadata := make([]string, n)
	for i, e := range events {
		meta, err := json.Marshal(e.Metadata)
		if err != nil {
			return eventstore.AppendResult{}, fmt.Errorf("postgres eventstore: append to %q: event %d metadata: %w: %w", stream, i, eventstore.ErrInvalid, err)
		}
		ids[i], types[i], versions[i] = e.ID, e.Type, int32(e.SchemaVersion)
		data[i], metadata[i] = string(e.Data), string(meta)
	}
	kind, rev := expectation(expected)

	var (
		conflict bool
		revision int64
		position *int64 // NULL on conflict
	)
	err := s.pool.QueryRow(ctx, appendSQL, stream, kind, rev, ids, types, versions, data, metadata, "").
		Scan(&conflict, &revision, &position)
	if err != nil {
		return eventstore.AppendResult{}, fmt.Errorf("postgres eventstore: append to %q: %w", stream, classify(err))
	}
	if conflict || position == nil {
		return eventstore.AppendResult{}, fmt.Errorf("postgres eventstore: append to %q: expected %s, actual %s: %w",
			stream, describe(expected), describeRevision(revision), eventstore.ErrConflict)
	}
	s.notify.appended()
	return eventstore.AppendResult{Revision: uint64(revision), Position: uint64(*position)}, nil
}

// expectation encodes an Expected for eventstore.append. An exact revision
// beyond bigint can never match, so it is sent as -2 (no stream has it).
func expectation(e eventstore.Expected) (kind int32, revision int64) {
	switch e.Kind {
	case eventstore.ExpectNoStream:
		return 1, 0
	case eventstore.ExpectStreamExists:
		return 2, 0
	case eventstore.ExpectExact:
		if e.Revision > math.MaxInt64 {
			return 3, -2
		}
		return 3, int64(e.Revision)
	default:
		return 0, 0
	}
}

// describe renders an expectation for error messages.
func describe(e eventstore.Expected) string {
	switch e.Kind {
	case eventstore.ExpectNoStream:
		return "no stream"
	case eventstore.ExpectStreamExists:
		return "stream exists"
	case eventstore.ExpectExact:
		return "revision " + strconv.FormatUint(e.Revision, 10)
	default:
		return "any"
	}
}

// describeRevision renders the actual revision the database reported.
func describeRevision(rev int64) string {
	if rev < 0 {
		return "no stream"
	}
	return "revision " + strconv.FormatInt(rev, 10)
}
