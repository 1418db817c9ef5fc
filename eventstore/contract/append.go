package contract

import (
	"errors"
	"testing"

	"github.com/parley-inbox/parley/eventstore"
)

func testAppendAndReadBack(t *testing.T, s eventstore.Store) {
	ctx, f := testContext(t), newFixture()
	stream := f.stream("conversation")
	first, second := f.events("conversation.opened", 3), f.events("message.received", 2)

	r1 := mustAppend(t, ctx, s, stream, eventstore.NoStream(), first)
	r2 := mustAppend(t, ctx, s, stream, eventstore.Exact(2), second)
	if r1.Revision != 2 || r2.Revision != 4 {
		t.Fatalf("revisions after appends = %d, %d; want 2, 4", r1.Revision, r2.Revision)
	}
	if r2.Position <= r1.Position {
		t.Fatalf("second append's position %d is not after the first's %d", r2.Position, r1.Position)
	}

	got := mustRead(t, ctx, s, stream, eventstore.ReadStreamOptions{})
	want := append(append([]eventstore.EventData{}, first...), second...)
	if len(got) != len(want) {
		t.Fatalf("read %d events, want %d", len(got), len(want))
	}
	for i, e := range got {
		if d := sameEvent(want[i], e); d != "" {
			t.Errorf("event %d: %s", i, d)
		}
		if e.Stream != stream || e.Revision != uint64(i) {
			t.Errorf("event %d: stream/revision %s/%d, want %s/%d", i, e.Stream, e.Revision, stream, i)
		}
		if i > 0 && e.Position != 0 && e.Position <= got[i-1].Position {
			t.Errorf("event %d: position %d not after %d", i, e.Position, got[i-1].Position)
		}
	}
	// A stream read may not know positions (EventStoreDB reports none there);
	// when it does, the last events' must match the append results.
	if p := got[2].Position; p != 0 && p != r1.Position {
		t.Errorf("position of revision 2 = %d, append said %d", p, r1.Position)
	}
	if p := got[4].Position; p != 0 && p != r2.Position {
		t.Errorf("position of revision 4 = %d, append said %d", p, r2.Position)
	}
}

func testExpectations(t *testing.T, s eventstore.Store) {
	ctx, f := testContext(t), newFixture()
	existing := f.stream("existing")
	mustAppend(t, ctx, s, existing, eventstore.NoStream(), f.events("e", 2)) // revision 1

	tests := []struct {
		name     string
		stream   string
		expected eventstore.Expected
		conflict bool
	}{
		{"any on a new stream", f.stream("any-new"), eventstore.Any(), false},
		{"no stream on a new stream", f.stream("nostream-new"), eventstore.NoStream(), false},
		{"stream exists on a new stream", f.stream("exists-new"), eventstore.StreamExists(), true},
		{"exact 0 on a new stream", f.stream("exact-new"), eventstore.Exact(0), true},
		{"no stream on an existing stream", existing, eventstore.NoStream(), true},
		{"exact behind", existing, eventstore.Exact(0), true},
		{"exact ahead", existing, eventstore.Exact(7), true},
		{"exact huge", existing, eventstore.Exact(^uint64(0)), true},
		{"exact current", existing, eventstore.Exact(1), false},
		{"stream exists on an existing stream", existing, eventstore.StreamExists(), false},
		{"any on an existing stream", existing, eventstore.Any(), false},
	}
	for _, tc := range tests { // sequential: several cases move the same stream
		before, _ := s.ReadStream(ctx, tc.stream, eventstore.ReadStreamOptions{})
		_, err := s.Append(ctx, tc.stream, tc.expected, f.events("e", 1))
		after, _ := s.ReadStream(ctx, tc.stream, eventstore.ReadStreamOptions{})
		switch {
		case tc.conflict && !errors.Is(err, eventstore.ErrConflict):
			t.Errorf("%s: err = %v, want ErrConflict", tc.name, err)
		case tc.conflict && len(after) != len(before):
			t.Errorf("%s: a conflicting append changed the stream from %d to %d events", tc.name, len(before), len(after))
		case !tc.conflict && err != nil:
			t.Errorf("%s: err = %v, want success", tc.name, err)
		case !tc.conflict && len(after) != len(before)+1:
			t.Errorf("%s: stream went from %d to %d events, want one more", tc.name, len(before), len(after))
		}
	}
}

func testIdempotentRetry(t *testing.T, s eventstore.Store) {
	ctx, f := testContext(t), newFixture()
	stream := f.stream("retry")
	events := f.events("e", 3)
	want := mustAppend(t, ctx, s, stream, eventstore.NoStream(), events)

	for _, exp := range []eventstore.Expected{eventstore.NoStream(), eventstore.Any(), eventstore.Exact(0)} {
		got, err := s.Append(ctx, stream, exp, events)
		if err != nil || got != want {
			t.Errorf("retry with expected %s = %+v, %v; want %+v, nil", exp, got, err, want)
		}
	}
	next := mustAppend(t, ctx, s, stream, eventstore.Exact(2), f.events("e", 1))
	got, err := s.Append(ctx, stream, eventstore.NoStream(), events) // stale by now
	if err != nil || got != want {
		t.Errorf("retry after a later append = %+v, %v; want %+v, nil", got, err, want)
	}
	if read := mustRead(t, ctx, s, stream, eventstore.ReadStreamOptions{}); len(read) != 4 || next.Revision != 3 {
		t.Errorf("stream has %d events (last revision %d), want 4 (3)", len(read), next.Revision)
	}
}
