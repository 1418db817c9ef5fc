package contract

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/parley-inbox/parley/eventstore"
)

// subscription runs SubscribeAll in a goroutine and hands the test the
// events of its fixture, checking that positions strictly increase.
type subscription struct {
	f      fixture
	events chan eventstore.RecordedEvent
	done   chan error
	cancel context.CancelFunc
	last   uint64
}

func subscribe(t *testing.T, s eventstore.Store, f fixture, after uint64) *subscription {
	ctx, cancel := context.WithCancel(testContext(t))
	sub := &subscription{f: f, events: make(chan eventstore.RecordedEvent, 64), done: make(chan error, 1), cancel: cancel, last: after}
	go func() {
		sub.done <- s.SubscribeAll(ctx, after, func(ctx context.Context, e eventstore.RecordedEvent) error {
			select {
			case sub.events <- e:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-sub.done:
		case <-time.After(waitTimeout):
			t.Errorf("SubscribeAll did not return within %s of its context's end", waitTimeout)
		}
	})
	return sub
}

// next returns the next event of the fixture's streams, failing the test if
// none comes within waitTimeout or the subscription ends.
func (sub *subscription) next(t *testing.T) eventstore.RecordedEvent {
	t.Helper()
	timeout := time.NewTimer(waitTimeout)
	defer timeout.Stop()
	for {
		select {
		case e := <-sub.events:
			if e.Position <= sub.last {
				t.Fatalf("subscription delivered position %d after %d", e.Position, sub.last)
			}
			sub.last = e.Position
			if sub.f.owns(e) {
				return e
			}
		case err := <-sub.done:
			t.Fatalf("subscription ended: %v", err)
		case <-timeout.C:
			t.Fatalf("no event within %s after position %d", waitTimeout, sub.last)
		}
	}
}

// expect checks that the next events of the fixture are want, in order.
func (sub *subscription) expect(t *testing.T, want []eventstore.EventData) {
	t.Helper()
	for i, w := range want {
		if d := sameEvent(w, sub.next(t)); d != "" {
			t.Fatalf("event %d: %s", i, d)
		}
	}
}

// appendBatch appends n events to a few streams of f and returns them in
// append order with the position of each.
func appendBatch(t *testing.T, s eventstore.Store, f fixture, typ string, n int) ([]eventstore.EventData, []uint64) {
	ctx := testContext(t)
	var events []eventstore.EventData
	var positions []uint64
	for i := range n {
		e := f.event(typ, i)
		res := mustAppend(t, ctx, s, f.stream(typ+string(rune('a'+i%3))), eventstore.Any(), []eventstore.EventData{e})
		events, positions = append(events, e), append(positions, res.Position)
	}
	return events, positions
}

func testSubscribeFromStart(t *testing.T, s eventstore.Store) {
	f := newFixture()
	before, _ := appendBatch(t, s, f, "before", 10)
	sub := subscribe(t, s, f, 0)
	sub.expect(t, before)
	live, _ := appendBatch(t, s, f, "live", 5)
	sub.expect(t, live)
}

func testSubscribeFromMiddle(t *testing.T, s eventstore.Store) {
	f := newFixture()
	before, positions := appendBatch(t, s, f, "before", 10)
	sub := subscribe(t, s, f, positions[4])
	sub.expect(t, before[5:])
	live, _ := appendBatch(t, s, f, "live", 5)
	sub.expect(t, live)
}

// start appends a marker event that is not the fixture's and returns its
// position: subscriptions start from real positions (EventStoreDB accepts
// no other).
func start(t *testing.T, s eventstore.Store) uint64 {
	other := newFixture()
	res := mustAppend(t, testContext(t), s, other.stream("start"), eventstore.NoStream(), []eventstore.EventData{other.event("start", 0)})
	return res.Position
}

func testSubscribeHandlerError(t *testing.T, s eventstore.Store) {
	f := newFixture()
	from := start(t, s)
	appendBatch(t, s, f, "e", 3)
	errStop := errors.New("handler says stop")
	delivered := 0
	err := s.SubscribeAll(testContext(t), from, func(_ context.Context, e eventstore.RecordedEvent) error {
		if !f.owns(e) {
			return nil
		}
		delivered++
		return errStop
	})
	if !errors.Is(err, errStop) || delivered != 1 {
		t.Fatalf("SubscribeAll = %v after %d events; want the handler's error after 1", err, delivered)
	}
}

func testSubscribeCancel(t *testing.T, s eventstore.Store) {
	f := newFixture()
	from := start(t, s)
	appendBatch(t, s, f, "e", 1)
	ctx, cancel := context.WithCancel(testContext(t))
	defer cancel()
	got := make(chan struct{}, 1)
	done := make(chan error, 1)
	go func() {
		done <- s.SubscribeAll(ctx, from, func(_ context.Context, e eventstore.RecordedEvent) error {
			if f.owns(e) {
				got <- struct{}{}
			}
			return nil
		})
	}()
	select {
	case <-got: // caught up and now waiting for live events
	case err := <-done:
		t.Fatalf("subscription ended early: %v", err)
	case <-time.After(waitTimeout):
		t.Fatal("no event delivered")
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("SubscribeAll after cancel = %v, want context.Canceled", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("SubscribeAll did not return after its context was cancelled")
	}
}
