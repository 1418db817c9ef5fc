// Package slicestore is an in-memory eventstore.Store over a slice, for unit
// tests of delivery-ordering logic only. End-to-end tests use the PostgreSQL
// adapter. It honours the port's ordering semantics but none of its
// expected-revision rules beyond per-stream revision numbering.
package slicestore

import (
	"context"
	"sync"
	"time"

	"github.com/parley-inbox/parley/eventstore"
)

// Store keeps events in a slice; positions are 1, 2, 3, ...
type Store struct {
	mu      sync.Mutex
	events  []eventstore.RecordedEvent
	streams map[string]uint64
	changed chan struct{} // closed and replaced on every append
}

var _ eventstore.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store {
	return &Store{streams: map[string]uint64{}, changed: make(chan struct{})}
}

// Append adds events to stream without checking expectations.
func (s *Store) Append(_ context.Context, stream string, _ eventstore.Expected, evs []eventstore.EventData) (eventstore.AppendResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var res eventstore.AppendResult
	for _, e := range evs {
		rev, ok := s.streams[stream]
		if ok {
			rev++
		}
		s.streams[stream] = rev
		rec := eventstore.RecordedEvent{EventData: e, Stream: stream, Revision: rev,
			Position: uint64(len(s.events) + 1), RecordedAt: time.Now()}
		s.events = append(s.events, rec)
		res = eventstore.AppendResult{Revision: rev, Position: rec.Position}
	}
	close(s.changed)
	s.changed = make(chan struct{})
	return res, nil
}

// ReadStream returns the events of one stream, forwards only.
func (s *Store) ReadStream(_ context.Context, stream string, _ eventstore.ReadStreamOptions) ([]eventstore.RecordedEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []eventstore.RecordedEvent
	for _, e := range s.events {
		if e.Stream == stream {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil, eventstore.ErrStreamNotFound
	}
	return out, nil
}

// ReadAll returns up to limit events after position after.
func (s *Store) ReadAll(_ context.Context, after uint64, limit int) ([]eventstore.RecordedEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if after >= uint64(len(s.events)) {
		return nil, nil
	}
	rest := s.events[after:]
	if limit > 0 && len(rest) > limit {
		rest = rest[:limit]
	}
	return append([]eventstore.RecordedEvent(nil), rest...), nil
}

// SubscribeAll delivers every event after position after, waiting for more.
func (s *Store) SubscribeAll(ctx context.Context, after uint64, handle func(context.Context, eventstore.RecordedEvent) error) error {
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		evs, _ := s.ReadAll(ctx, after, 100)
		for _, e := range evs {
			if err := handle(ctx, e); err != nil {
				return err
			}
			after = e.Position
		}
		if len(evs) > 0 {
			continue
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Close does nothing.
func (s *Store) Close() {}
