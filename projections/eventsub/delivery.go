package eventsub

import (
	"context"
	"log/slog"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/parley-inbox/parley/eventstore"
)

// run feeds out until ctx ends, resubscribing after store failures from the
// last acked position.
func (s *Subscriber) run(ctx context.Context, topic string, out chan<- *message.Message) {
	log := s.cfg.Logger.With(slog.String("topic", topic))
	var after uint64
	for {
		var err error
		if after, err = s.cfg.Checkpoint(ctx, topic); err == nil {
			break
		}
		if ctx.Err() != nil {
			return
		}
		log.Error("eventsub: read checkpoint", slog.Any("error", err))
		if !sleep(ctx, s.cfg.RetryBackoff) {
			return
		}
	}
	for {
		err := s.store.SubscribeAll(ctx, after, func(ctx context.Context, ev eventstore.RecordedEvent) error {
			if err := s.deliver(ctx, ev, out); err != nil {
				return err
			}
			after = ev.Position
			return nil
		})
		if ctx.Err() != nil {
			return
		}
		log.Error("eventsub: subscription failed; resubscribing", slog.Uint64("after", after), slog.Any("error", err))
		if !sleep(ctx, s.cfg.RetryBackoff) {
			return
		}
	}
}

// deliver sends ev until a consumer acks it; each nack is followed by a
// growing backoff and a fresh copy of the same message.
func (s *Subscriber) deliver(ctx context.Context, ev eventstore.RecordedEvent, out chan<- *message.Message) error {
	backoff := s.cfg.NackBackoff
	for {
		msg := ToMessage(ev)
		msg.SetContext(ctx)
		select {
		case out <- msg:
		case <-ctx.Done():
			return ctx.Err()
		}
		select {
		case <-msg.Acked():
			return nil
		case <-msg.Nacked():
		case <-ctx.Done():
			return ctx.Err()
		}
		if !sleep(ctx, backoff) {
			return ctx.Err()
		}
		backoff = min(2*backoff, s.cfg.MaxNackBackoff)
	}
}

// sleep waits d or until ctx ends; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
