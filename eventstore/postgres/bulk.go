package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/eventstore"
)

// StreamAppend is one stream's part of a bulk append.
type StreamAppend struct {
	Stream   string
	Expected eventstore.Expected
	Events   []eventstore.EventData
}

// AppendStreams appends to many different streams in one transaction: one
// eventstore.append call per stream (the same function as Append, so the
// same positions, hash chains and retry answers), all sent in one pgx.Batch,
// so a thousand streams cost one round trip and one commit instead of a
// thousand. It is all or nothing: a failed expectation on any stream fails
// the call with eventstore.ErrConflict naming the stream, and nothing is
// written. Results are in the order of appends. Streams must be distinct;
// they are locked in name order, so concurrent bulk appends cannot deadlock.
// Bulk loaders (parley seed) use it; the command side appends one stream at
// a time with Append.
func (s *Store) AppendStreams(ctx context.Context, appends []StreamAppend) ([]eventstore.AppendResult, error) {
	if len(appends) == 0 {
		return nil, nil
	}
	order, err := bulkOrder(appends)
	if err != nil {
		return nil, err
	}
	b := &pgx.Batch{}
	for _, i := range order {
		a := appends[i]
		args, err := appendArgs(a.Stream, a.Events)
		if err != nil {
			return nil, err
		}
		kind, rev := expectation(a.Expected)
		b.Queue(appendSQL, a.Stream, kind, rev, args.ids, args.types, args.versions, args.data, args.metadata, "")
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres eventstore: bulk append: begin: %w", classify(err))
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	results, err := sendBulk(ctx, tx, b, appends, order)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("postgres eventstore: bulk append of %d streams: commit: %w", len(appends), classify(err))
	}
	s.notify.appended()
	return results, nil
}

// sendBulk runs the queued appends and reads their results in order.
func sendBulk(ctx context.Context, tx pgx.Tx, b *pgx.Batch, appends []StreamAppend, order []int) ([]eventstore.AppendResult, error) {
	br := tx.SendBatch(ctx, b)
	defer func() { _ = br.Close() }()
	results := make([]eventstore.AppendResult, len(appends))
	for _, i := range order {
		a := appends[i]
		var (
			conflict bool
			revision int64
			position *int64
		)
		if err := br.QueryRow().Scan(&conflict, &revision, &position); err != nil {
			return nil, fmt.Errorf("postgres eventstore: bulk append to %q: %w", a.Stream, classify(err))
		}
		if conflict || position == nil {
			return nil, fmt.Errorf("postgres eventstore: bulk append to %q: expected %s, actual %s: %w",
				a.Stream, describe(a.Expected), describeRevision(revision), eventstore.ErrConflict)
		}
		results[i] = eventstore.AppendResult{Revision: uint64(revision), Position: uint64(*position)}
	}
	if err := br.Close(); err != nil {
		return nil, fmt.Errorf("postgres eventstore: bulk append: %w", classify(err))
	}
	return results, nil
}

// bulkOrder validates appends and returns their indexes in stream-name order.
func bulkOrder(appends []StreamAppend) ([]int, error) {
	order := make([]int, len(appends))
	for i, a := range appends {
		if err := eventstore.ValidateAppend(a.Stream, a.Events); err != nil {
			return nil, fmt.Errorf("postgres eventstore: bulk append: %w", err)
		}
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return cmp.Compare(appends[x].Stream, appends[y].Stream) })
	for k := 1; k < len(order); k++ {
		if appends[order[k]].Stream == appends[order[k-1]].Stream {
			return nil, fmt.Errorf("postgres eventstore: bulk append: stream %q appears twice: %w", appends[order[k]].Stream, eventstore.ErrInvalid)
		}
	}
	return order, nil
}

// appendColumns are one append's events as eventstore.append's arrays.
type appendColumns struct {
	ids      []uuid.UUID
	types    []string
	versions []int32
	data     []string
	metadata []string
}

func appendArgs(stream string, events []eventstore.EventData) (appendColumns, error) {
	n := len(events)
	c := appendColumns{ids: make([]uuid.UUID, n), types: make([]string, n), versions: make([]int32, n),
		data: make([]string, n), metadata: make([]string, n)}
	for i, e := range events {
		meta, err := json.Marshal(e.Metadata)
		if err != nil {
			return c, fmt.Errorf("postgres eventstore: append to %q: event %d metadata: %w: %w", stream, i, eventstore.ErrInvalid, err)
		}
		c.ids[i], c.types[i], c.versions[i] = e.ID, e.Type, int32(e.SchemaVersion)
		c.data[i], c.metadata[i] = string(e.Data), string(meta)
	}
	return c, nil
}
