package projections

import (
	"errors"
	"log/slog"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections/eventsub"
)

// handle applies one delivered event, with its checkpoint, in one transaction.
func (r *Runtime) handle(p Projector) message.NoPublishHandlerFunc {
	name := p.Name()
	return func(msg *message.Message) error {
		ctx := msg.Context()
		ev, err := eventsub.FromMessage(msg)
		if err != nil {
			return err
		}
		res, err := applyEvents(ctx, r.cfg.DB, p, name, []eventstore.RecordedEvent{ev})
		if err != nil {
			if ctx.Err() == nil {
				r.metrics.failures.WithLabelValues(name).Inc()
			}
			return err
		}
		r.metrics.observe(name, res)
		if r.cfg.Progress != nil {
			r.cfg.Progress.Observe(name, res.Position)
		}
		return nil
	}
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
