package esdb

import (
	"context"
	"fmt"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"

	"github.com/parley-inbox/parley/eventstore"
)

// SubscribeAll is a catch-up subscription to $all without system events,
// starting after position `after` (never at the client's default, the end).
// It returns when ctx ends, the Store is closed, the server drops the
// subscription, or handle fails (its error is returned, wrapped).
func (s *Store) SubscribeAll(ctx context.Context, after uint64, handle func(context.Context, eventstore.RecordedEvent) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-s.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	sub, err := s.client.SubscribeToAll(ctx, esdb.SubscribeToAllOptions{
		From:   allPosition(after),
		Filter: esdb.ExcludeSystemEventsFilter(),
	})
	if err != nil {
		return fmt.Errorf("esdb eventstore: subscribe after %d: %w", after, classify(ctx, err))
	}
	defer sub.Close()
	for {
		msg := sub.Recv()
		switch {
		case msg.SubscriptionDropped != nil:
			return fmt.Errorf("esdb eventstore: subscription after %d dropped: %w", after, classify(ctx, msg.SubscriptionDropped.Error))
		case msg.EventAppeared != nil:
			rec := msg.EventAppeared.OriginalEvent()
			if (after != 0 && rec.Position.Commit <= after) || isSystem(rec) {
				continue // the start position may be inclusive
			}
			e, err := recorded(msg.EventAppeared)
			if err != nil {
				return err
			}
			if err := handle(ctx, e); err != nil {
				return fmt.Errorf("esdb eventstore: subscribe: handle %s at %d: %w", e.Type, e.Position, err)
			}
			after = rec.Position.Commit
		}
		// Checkpoints, caught-up and fell-behind notices carry no events.
	}
}
