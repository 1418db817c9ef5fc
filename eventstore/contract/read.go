package contract

import (
	"errors"
	"testing"
	"time"

	"github.com/parley-inbox/parley/eventstore"
)

func testReadBackwards(t *testing.T, s eventstore.Store) {
	ctx, f := testContext(t), newFixture()
	stream := f.stream("backwards")
	mustAppend(t, ctx, s, stream, eventstore.NoStream(), f.events("e", 5))

	tests := []struct {
		name string
		opts eventstore.ReadStreamOptions
		want []uint64
	}{
		{"forwards all", eventstore.ReadStreamOptions{}, []uint64{0, 1, 2, 3, 4}},
		{"forwards from 2, limit 2", eventstore.ReadStreamOptions{From: 2, Limit: 2}, []uint64{2, 3}},
		{"forwards past the end", eventstore.ReadStreamOptions{From: 9}, nil},
		{"backwards from the end", eventstore.ReadStreamOptions{Direction: eventstore.Backwards, FromEnd: true}, []uint64{4, 3, 2, 1, 0}},
		{"backwards from the end, limit 2", eventstore.ReadStreamOptions{Direction: eventstore.Backwards, FromEnd: true, Limit: 2}, []uint64{4, 3}},
		{"backwards from 2", eventstore.ReadStreamOptions{Direction: eventstore.Backwards, From: 2}, []uint64{2, 1, 0}},
		{"backwards from 3, limit 1", eventstore.ReadStreamOptions{Direction: eventstore.Backwards, From: 3, Limit: 1}, []uint64{3}},
	}
	for _, tc := range tests {
		got := mustRead(t, ctx, s, stream, tc.opts)
		if len(got) != len(tc.want) {
			t.Errorf("%s: %d events, want %d", tc.name, len(got), len(tc.want))
			continue
		}
		for i, e := range got {
			if e.Revision != tc.want[i] {
				t.Errorf("%s: event %d has revision %d, want %d", tc.name, i, e.Revision, tc.want[i])
			}
		}
	}
}

func testStreamNotFound(t *testing.T, s eventstore.Store) {
	ctx, f := testContext(t), newFixture()
	for _, opts := range []eventstore.ReadStreamOptions{
		{},
		{Direction: eventstore.Backwards, FromEnd: true},
	} {
		_, err := s.ReadStream(ctx, f.stream("absent"), opts)
		if !errors.Is(err, eventstore.ErrStreamNotFound) {
			t.Errorf("read absent stream %+v: err = %v, want ErrStreamNotFound", opts, err)
		}
	}
	// A conflicting first append must not leave a stream behind.
	_, _ = s.Append(ctx, f.stream("never"), eventstore.Exact(3), f.events("e", 1))
	if _, err := s.ReadStream(ctx, f.stream("never"), eventstore.ReadStreamOptions{}); !errors.Is(err, eventstore.ErrStreamNotFound) {
		t.Errorf("after a failed first append: err = %v, want ErrStreamNotFound", err)
	}
}

// testReadAll pages through $all in small pages from just before this
// test's events: positions must strictly increase and every event of the
// test must appear once, in append order. A page may come back short while
// another transaction holds the store's horizon back, so a short page is
// retried until the test's last event has been read (bounded).
func testReadAll(t *testing.T, s eventstore.Store) {
	ctx, f := testContext(t), newFixture()
	start := mustAppend(t, ctx, s, f.stream("start"), eventstore.NoStream(), f.events("start", 1))
	var want []eventstore.EventData
	var last eventstore.AppendResult
	for i := range 12 {
		events := f.events("e", 1+i%3)
		last = mustAppend(t, ctx, s, f.stream(string(rune('a'+i%4))), eventstore.Any(), events)
		want = append(want, events...)
	}

	after, deadline := start.Position, time.Now().Add(waitTimeout)
	var mine []eventstore.RecordedEvent
	for after < last.Position {
		page, err := s.ReadAll(ctx, after, 7)
		if err != nil {
			t.Fatalf("read all after %d: %v", after, err)
		}
		if len(page) == 0 && time.Now().After(deadline) {
			t.Fatalf("read all stalled after position %d before %d", after, last.Position)
		}
		for _, e := range page {
			if e.Position <= after {
				t.Fatalf("position %d follows %d", e.Position, after)
			}
			after = e.Position
			if f.owns(e) {
				mine = append(mine, e)
			}
		}
		if len(page) == 0 {
			yield()
		}
	}
	if len(mine) != len(want) {
		t.Fatalf("read %d of the test's events, want %d", len(mine), len(want))
	}
	for i, e := range mine {
		if d := sameEvent(want[i], e); d != "" {
			t.Errorf("event %d: %s", i, d)
		}
	}
}

// yield gives other goroutines and the store a moment before a retry; it
// is a retry pause, not a synchronisation point.
func yield() { time.Sleep(time.Millisecond) }
