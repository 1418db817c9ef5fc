package esdb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"

	"github.com/parley-inbox/parley/eventstore"
)

const (
	pageSize = 1000
	// positionSearch bounds the backwards $all scan that finds the position
	// of an event whose stream read came without one.
	positionSearch = 10 * pageSize
)

// ReadStream reads a stream page by page until opts.Limit events (or all).
func (s *Store) ReadStream(ctx context.Context, stream string, opts eventstore.ReadStreamOptions) ([]eventstore.RecordedEvent, error) {
	if opts.Direction == eventstore.Forwards && opts.FromEnd {
		// Nothing follows the end, but the stream must still exist.
		if _, err := s.ReadStream(ctx, stream, eventstore.ReadStreamOptions{Direction: eventstore.Backwards, FromEnd: true, Limit: 1}); err != nil {
			return nil, err
		}
		return []eventstore.RecordedEvent{}, nil
	}
	dir, from := esdb.Forwards, esdb.StreamPosition(esdb.Revision(opts.From))
	if opts.Direction == eventstore.Backwards {
		dir = esdb.Backwards
		if opts.FromEnd {
			from = esdb.End{}
		}
	}
	out := []eventstore.RecordedEvent{}
	for {
		want := uint64(pageSize)
		if opts.Limit > 0 {
			want = min(want, uint64(opts.Limit-len(out)))
		}
		page, err := s.readPage(ctx, stream, esdb.ReadStreamOptions{Direction: dir, From: from}, want)
		if err != nil {
			return nil, fmt.Errorf("esdb eventstore: read stream %q: %w", stream, err)
		}
		out = append(out, page...)
		if uint64(len(page)) < want || (opts.Limit > 0 && len(out) >= opts.Limit) {
			return out, nil
		}
		last := page[len(page)-1].Revision
		if dir == esdb.Backwards {
			if last == 0 {
				return out, nil
			}
			from = esdb.Revision(last - 1)
		} else {
			from = esdb.Revision(last + 1)
		}
	}
}

func (s *Store) readPage(ctx context.Context, stream string, opts esdb.ReadStreamOptions, count uint64) ([]eventstore.RecordedEvent, error) {
	rs, err := s.client.ReadStream(ctx, stream, opts, count)
	if err != nil {
		return nil, classify(ctx, err)
	}
	defer rs.Close()
	var out []eventstore.RecordedEvent
	for {
		ev, err := rs.Recv()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, classify(ctx, err)
		}
		e, err := recorded(ev)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
}

// ReadAll reads $all forwards after position `after`, skipping system
// events, until limit events (limit <= 0: one page).
func (s *Store) ReadAll(ctx context.Context, after uint64, limit int) ([]eventstore.RecordedEvent, error) {
	if limit <= 0 {
		limit = pageSize
	}
	out := []eventstore.RecordedEvent{}
	for len(out) < limit {
		requested := limit - len(out) + 1 // +1: the start position is inclusive
		rs, err := s.client.ReadAll(ctx, esdb.ReadAllOptions{From: allPosition(after)}, uint64(requested))
		if err != nil {
			return nil, fmt.Errorf("esdb eventstore: read all after %d: %w", after, classify(ctx, err))
		}
		read, progressed := 0, false
		for {
			ev, err := rs.Recv()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				rs.Close()
				return nil, fmt.Errorf("esdb eventstore: read all after %d: %w", after, classify(ctx, err))
			}
			read++
			rec := ev.OriginalEvent()
			if rec.Position.Commit <= after && after != 0 {
				continue
			}
			after, progressed = rec.Position.Commit, true
			if isSystem(rec) {
				continue
			}
			e, err := recorded(ev)
			if err != nil {
				rs.Close()
				return nil, err
			}
			out = append(out, e)
		}
		rs.Close()
		if !progressed || read < requested {
			break // the end of $all
		}
	}
	return out, nil
}

// commitPosition scans $all backwards from its end for event id.
func (s *Store) commitPosition(ctx context.Context, id uuid.UUID) (uint64, error) {
	rs, err := s.client.ReadAll(ctx, esdb.ReadAllOptions{Direction: esdb.Backwards, From: esdb.End{}}, positionSearch)
	if err != nil {
		return 0, classify(ctx, err)
	}
	defer rs.Close()
	for {
		ev, err := rs.Recv()
		if errors.Is(err, io.EOF) {
			return 0, fmt.Errorf("esdb eventstore: event %s not among the last %d events of $all", id, positionSearch)
		}
		if err != nil {
			return 0, classify(ctx, err)
		}
		if rec := ev.OriginalEvent(); rec.EventID == id {
			return rec.Position.Commit, nil
		}
	}
}

func allPosition(after uint64) esdb.AllPosition {
	if after == 0 {
		return esdb.Start{}
	}
	return esdb.Position{Commit: after, Prepare: after}
}

func isSystem(rec *esdb.RecordedEvent) bool {
	return strings.HasPrefix(rec.EventType, "$") || strings.HasPrefix(rec.StreamID, "$")
}

// recorded converts a client event to the port's.
func recorded(ev *esdb.ResolvedEvent) (eventstore.RecordedEvent, error) {
	rec := ev.OriginalEvent()
	var meta storedMetadata
	if len(rec.UserMetadata) > 0 {
		if err := json.Unmarshal(rec.UserMetadata, &meta); err != nil {
			return eventstore.RecordedEvent{}, fmt.Errorf("esdb eventstore: %s@%d metadata: %w", rec.StreamID, rec.EventNumber, err)
		}
	}
	pos := position(rec.Position.Commit)
	if ev.Commit != nil {
		pos = position(*ev.Commit)
	}
	return eventstore.RecordedEvent{
		EventData: eventstore.EventData{
			ID:            rec.EventID,
			Type:          rec.EventType,
			SchemaVersion: meta.SchemaVersion,
			Data:          rec.Data,
			Metadata:      meta.Metadata,
		},
		Stream:     rec.StreamID,
		Revision:   rec.EventNumber,
		Position:   pos,
		RecordedAt: rec.CreatedDate,
	}, nil
}
