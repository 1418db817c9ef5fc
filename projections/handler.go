package projections

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections/eventsub"
)

// cursor is what a projector's handler remembers between messages; the
// handler runs for one message at a time.
type cursor struct {
	committed    atomic.Uint64 // checkpoint this runtime committed last
	delivered    atomic.Uint64 // highest position delivered as a message
	noBatchUntil atomic.Uint64 // after a failed batch, apply one by one up to here
}

// handle applies a delivered event, with its checkpoint, in one transaction.
// When the event is old (the projector is catching up) the transaction also
// takes the events that follow it, read straight from the store; their
// messages then find them committed and are acked at once. Either way the
// checkpoint only moves in the transaction that applied the events.
func (r *Runtime) handle(p Projector) message.NoPublishHandlerFunc {
	name := p.Name()
	cur := &cursor{}
	return func(msg *message.Message) error {
		ctx := msg.Context()
		ev, err := eventsub.FromMessage(msg)
		if err != nil {
			return err
		}
		redelivered := ev.Position <= cur.delivered.Load()
		if !redelivered {
			cur.delivered.Store(ev.Position)
		}
		if ev.Position <= cur.committed.Load() { // applied already (or read ahead)
			if redelivered {
				r.metrics.skipped.WithLabelValues(name, "duplicate").Inc()
			}
			return nil
		}
		evs := r.readAhead(ctx, cur, ev)
		res, err := applyEvents(ctx, r.cfg.DB, p, name, evs, r.cfg.CatchUp.MaxDuration)
		if err != nil && len(evs) > 1 && ctx.Err() == nil {
			r.log.Warn("projections: batch failed; applying its events one by one", slog.String("projector", name),
				slog.Uint64("from", ev.Position), slog.Uint64("to", evs[len(evs)-1].Position), slog.Any("error", err))
			cur.noBatchUntil.Store(evs[len(evs)-1].Position)
			res, err = applyEvents(ctx, r.cfg.DB, p, name, evs[:1], 0)
		}
		if err != nil {
			if ctx.Err() == nil {
				r.metrics.failures.WithLabelValues(name).Inc()
			}
			return err
		}
		if res.Position > cur.committed.Load() {
			cur.committed.Store(res.Position)
		}
		r.metrics.observe(name, res)
		if r.cfg.Progress != nil && res.Position > 0 {
			r.cfg.Progress.Observe(name, res.Position)
		}
		return nil
	}
}

// readAhead returns ev and, when ev is older than CatchUp.Age, up to
// CatchUp.BatchSize-1 events that follow it in the log.
func (r *Runtime) readAhead(ctx context.Context, cur *cursor, ev eventstore.RecordedEvent) []eventstore.RecordedEvent {
	evs := []eventstore.RecordedEvent{ev}
	if r.cfg.CatchUp.BatchSize <= 1 || ev.Position <= cur.noBatchUntil.Load() || time.Since(ev.RecordedAt) < r.cfg.CatchUp.Age {
		return evs
	}
	more, err := r.cfg.Store.ReadAll(ctx, ev.Position, r.cfg.CatchUp.BatchSize-1)
	if err != nil { // not needed for progress: the subscription delivers them anyway
		r.log.Warn("projections: read ahead", slog.Uint64("after", ev.Position), slog.Any("error", err))
		return evs
	}
	return append(evs, more...)
}

// middleware is p's handler chain, outermost first: the parking gate, the
// bounded retry with backoff, and the panic recoverer (a panic is an error
// like any other, retried and then parked).
func (r *Runtime) middleware(p Projector, g *gate) []message.HandlerMiddleware {
	retry := middleware.Retry{
		MaxRetries:      r.cfg.Retry.MaxTries - 1,
		InitialInterval: r.cfg.Retry.InitialInterval,
		MaxInterval:     r.cfg.Retry.MaxInterval,
		Multiplier:      2,
		Logger:          watermill.NewSlogLogger(r.log),
	}
	return []message.HandlerMiddleware{r.parking(p, g), retry.Middleware, middleware.Recoverer}
}

// parking holds messages while p is halted, and parks the event whose
// retries are exhausted: it records it, logs and counts it, and halts p. The
// failed message is nacked, so once unparked it is delivered again: the
// projector resumes from its checkpoint and never skips the event.
func (r *Runtime) parking(p Projector, g *gate) message.HandlerMiddleware {
	name := p.Name()
	return func(h message.HandlerFunc) message.HandlerFunc {
		return func(msg *message.Message) ([]*message.Message, error) {
			ctx := msg.Context()
			if err := g.wait(ctx); err != nil {
				return nil, err
			}
			out, err := h(msg)
			if err == nil || ctx.Err() != nil {
				return out, err
			}
			ev, decodeErr := eventsub.FromMessage(msg)
			if decodeErr != nil {
				return nil, errors.Join(err, decodeErr)
			}
			if parkErr := parkEvent(ctx, r.cfg.DB, name, ev, err); parkErr != nil {
				// Most likely the database is down; the nack redelivers and
				// the event is tried (and parked) again.
				r.log.Error("projections: cannot park event", slog.String("projector", name),
					slog.Uint64("position", ev.Position), slog.Any("error", parkErr))
				return nil, errors.Join(err, parkErr)
			}
			g.park(ParkedEvent{Projector: name, Position: ev.Position, EventID: ev.ID, Stream: ev.Stream,
				Type: ev.Type, Error: err.Error(), ParkedAt: time.Now()})
			r.metrics.parked.WithLabelValues(name).Inc()
			r.metrics.halted.WithLabelValues(name).Set(1)
			r.log.Error("projections: event parked, projector halted until unparked",
				slog.String("projector", name), slog.Uint64("position", ev.Position),
				slog.String("event_id", ev.ID.String()), slog.String("stream", ev.Stream),
				slog.String("type", ev.Type), slog.Any("error", err))
			return nil, err
		}
	}
}
