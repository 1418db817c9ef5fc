package dispatch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"

	"github.com/parley-inbox/parley/projections/eventsub"
)

// Run consumes the log from the dispatcher's checkpoint with a Watermill
// router until ctx ends. The handler hands each message to its
// conversation's lane (see lanes) and acks it; the lanes send
// concurrently and move the checkpoint. A handler error (only a shutdown
// while a lane is full) nacks the event, which eventsub delivers again.
func (d *Dispatcher) Run(ctx context.Context) error {
	if d.cfg.Store == nil {
		return errors.New("dispatch: Config.Store is required to run")
	}
	sub, err := eventsub.NewSubscriber(d.cfg.Store, eventsub.Config{
		Checkpoint: d.cfg.Ledger.Checkpoint, Logger: d.cfg.Logger,
		NackBackoff: 500 * time.Millisecond, MaxNackBackoff: 30 * time.Second,
	})
	if err != nil {
		return fmt.Errorf("dispatch: subscriber: %w", err)
	}
	defer sub.Close()
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: 30 * time.Second}, watermill.NewSlogLogger(d.cfg.Logger))
	if err != nil {
		return fmt.Errorf("dispatch: router: %w", err)
	}
	router.AddMiddleware(middleware.Recoverer)
	work, stop := context.WithCancel(ctx)
	l := newLanes(d, d.cfg.Concurrency)
	l.start(work)
	defer func() { stop(); l.stop(ctx) }()
	router.AddConsumerHandler(d.cfg.Name, d.cfg.Name, sub, func(msg *message.Message) error {
		ev, err := eventsub.FromMessage(msg)
		if err != nil {
			return err
		}
		return l.submit(msg.Context(), ev)
	})
	if err := router.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("dispatch: router: %w", err)
	}
	return nil
}
