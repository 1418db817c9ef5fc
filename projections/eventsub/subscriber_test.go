package eventsub_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/google/uuid"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections/eventsub"
	"github.com/parley-inbox/parley/projections/internal/slicestore"
)

func fill(t *testing.T, s eventstore.Store, n int) {
	t.Helper()
	for i := range n {
		_, err := s.Append(t.Context(), fmt.Sprintf("conversation-%d", i%3), eventstore.Any(), []eventstore.EventData{{
			ID: uuid.New(), Type: "test.Happened", SchemaVersion: 2, Data: []byte(fmt.Sprintf(`{"i":%d}`, i)),
			Metadata: eventstore.Metadata{AccountID: "acc-1", Actor: eventstore.Actor{Kind: "agent", ID: "a-1"},
				OccurredAt: time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC), CommandID: "cmd", CorrelationID: "corr",
				CausationID: "cause", Session: "sess"},
		}})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func newSub(t *testing.T, s eventstore.Store, checkpoint uint64) *eventsub.Subscriber {
	t.Helper()
	sub, err := eventsub.NewSubscriber(s, eventsub.Config{
		Checkpoint:  func(context.Context, string) (uint64, error) { return checkpoint, nil },
		NackBackoff: time.Millisecond, MaxNackBackoff: 4 * time.Millisecond, RetryBackoff: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sub.Close() })
	return sub
}

func receive(t *testing.T, ch <-chan *message.Message) *message.Message {
	t.Helper()
	select {
	case m, ok := <-ch:
		if !ok {
			t.Fatal("channel closed")
		}
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no message")
		return nil
	}
}

func TestDeliversInOrderFromCheckpointOneAtATime(t *testing.T) {
	store := slicestore.New()
	fill(t, store, 10)
	all, _ := store.ReadAll(t.Context(), 0, 0)
	ch, err := newSub(t, store, 3).Subscribe(t.Context(), "inbox")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range all[3:] {
		msg := receive(t, ch)
		select {
		case extra := <-ch:
			t.Fatalf("message %s delivered before %s was acked", extra.UUID, msg.UUID)
		default:
		}
		got, err := eventsub.FromMessage(msg)
		if err != nil {
			t.Fatal(err)
		}
		if msg.UUID != want.ID.String() || string(msg.Payload) != string(want.Data) || msg.Metadata.Get(eventsub.KeyEventType) != want.Type {
			t.Fatalf("message %s does not carry event %s", msg.UUID, want.ID)
		}
		if got.Position != want.Position || got.Stream != want.Stream || got.Revision != want.Revision ||
			got.SchemaVersion != 2 || got.Metadata.Actor != want.Metadata.Actor || got.Metadata.Session != "sess" ||
			got.Metadata.CausationID != "cause" || !got.Metadata.OccurredAt.Equal(want.Metadata.OccurredAt) ||
			!got.RecordedAt.Equal(want.RecordedAt) || got.Metadata.AccountID != "acc-1" {
			t.Fatalf("round trip: got %+v, want %+v", got, want)
		}
		msg.Ack()
	}
	// New events arrive after the subscription caught up.
	fill(t, store, 1)
	if msg := receive(t, ch); msg.Metadata.Get(eventsub.KeyPosition) != "11" {
		t.Fatalf("live event at position %s, want 11", msg.Metadata.Get(eventsub.KeyPosition))
	}
}

func TestNackRedeliversTheSameMessage(t *testing.T) {
	store := slicestore.New()
	fill(t, store, 2)
	ch, err := newSub(t, store, 0).Subscribe(t.Context(), "inbox")
	if err != nil {
		t.Fatal(err)
	}
	first := receive(t, ch)
	for range 3 {
		first.Nack()
		again := receive(t, ch)
		if again.UUID != first.UUID {
			t.Fatalf("after a nack got %s, want %s again", again.UUID, first.UUID)
		}
		first = again
	}
	first.Ack()
	if next := receive(t, ch); next.UUID == first.UUID || next.Metadata.Get(eventsub.KeyPosition) != "2" {
		t.Fatalf("after the ack got %s at %s, want position 2", next.UUID, next.Metadata.Get(eventsub.KeyPosition))
	}
}

func TestOneSubscriptionPerTopicAndCloseStopsEverything(t *testing.T) {
	before := runtime.NumGoroutine()
	store := slicestore.New()
	fill(t, store, 1)
	sub := newSub(t, store, 0)
	ctx, cancel := context.WithCancel(t.Context())
	ch, err := sub.Subscribe(ctx, "inbox")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sub.Subscribe(t.Context(), "inbox"); !errors.Is(err, eventsub.ErrTopicBusy) {
		t.Fatalf("second Subscribe = %v, want ErrTopicBusy", err)
	}
	other, err := sub.Subscribe(t.Context(), "timeline")
	if err != nil {
		t.Fatal(err)
	}
	receive(t, ch) // left unacked: cancel must not wait for it
	cancel()
	for range ch {
	}
	// The topic is free again once its subscription ended.
	again, err := sub.Subscribe(t.Context(), "inbox")
	if err != nil {
		t.Fatal(err)
	}
	receive(t, again).Ack()
	receive(t, other).Ack()
	if err := sub.Close(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []<-chan *message.Message{again, other} {
		if _, open := <-c; open {
			t.Fatal("channel open after Close")
		}
	}
	if _, err := sub.Subscribe(t.Context(), "x"); !errors.Is(err, eventsub.ErrClosed) {
		t.Fatalf("Subscribe after Close = %v, want ErrClosed", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		runtime.Gosched()
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines after Close, %d before", n, before)
	}
}

// flaky fails its first subscription after two events, and its first
// checkpoint read.
type flaky struct {
	eventstore.Store
	calls atomic.Int32
}

func (f *flaky) SubscribeAll(ctx context.Context, after uint64, handle func(context.Context, eventstore.RecordedEvent) error) error {
	if f.calls.Add(1) > 1 {
		return f.Store.SubscribeAll(ctx, after, handle)
	}
	n := 0
	err := f.Store.SubscribeAll(ctx, after, func(ctx context.Context, ev eventstore.RecordedEvent) error {
		if n == 2 {
			return eventstore.ErrUnavailable
		}
		n++
		return handle(ctx, ev)
	})
	return fmt.Errorf("flaky: %w", err)
}

func TestResubscribesFromTheLastAckedEventAfterAFailure(t *testing.T) {
	store := &flaky{Store: slicestore.New()}
	fill(t, store, 5)
	var reads atomic.Int32
	sub, err := eventsub.NewSubscriber(store, eventsub.Config{RetryBackoff: time.Millisecond,
		Checkpoint: func(context.Context, string) (uint64, error) {
			if reads.Add(1) == 1 {
				return 0, errors.New("database restarting")
			}
			return 0, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sub.Close() })
	ch, err := sub.Subscribe(t.Context(), "inbox")
	if err != nil {
		t.Fatal(err)
	}
	for want := 1; want <= 5; want++ {
		msg := receive(t, ch)
		if got := msg.Metadata.Get(eventsub.KeyPosition); got != fmt.Sprint(want) {
			t.Fatalf("got position %s, want %d", got, want)
		}
		msg.Ack()
	}
	if store.calls.Load() != 2 {
		t.Fatalf("%d subscriptions, want 2", store.calls.Load())
	}
}

func TestConfigValidation(t *testing.T) {
	if _, err := eventsub.NewSubscriber(slicestore.New(), eventsub.Config{}); err == nil {
		t.Fatal("no error for a config without Checkpoint")
	}
}
