package assigner

import (
	"context"

	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// A decision's reads run inside the assigner's transaction, which holds
// the event store's read horizon back for every subscriber and serialises
// every decision: the reads that do not depend on each other (the
// account's rows, the directory, the customer's first message, the
// conversation's stream for the command) are overlapped rather than made
// one round trip after another.

// later is a value being fetched by its own goroutine.
type later[T any] struct {
	done chan struct{}
	v    T
	err  error
}

// start runs fetch in a goroutine; wait returns its result.
func start[T any](fetch func() (T, error)) *later[T] {
	l := &later[T]{done: make(chan struct{})}
	go func() {
		defer close(l.done)
		l.v, l.err = fetch()
	}()
	return l
}

func (l *later[T]) wait() (T, error) {
	<-l.done
	return l.v, l.err
}

// firstMessageLater starts reading the customer's first message appended
// with the opening ev.
func (c *Commander) firstMessageLater(ctx context.Context, ev eventstore.RecordedEvent) *later[string] {
	return start(func() (string, error) { return c.firstMessage(ctx, ev) })
}

// warm starts loading conversation id into the command cache, so that the
// command the decision issues finds its state there instead of reading the
// stream after the selection. Errors are left to the command itself.
func (c *Commander) warm(ctx context.Context, accountID, id string) *later[struct{}] {
	return start(func() (struct{}, error) {
		_, _, _ = command.Peek(ctx, c.store, c.agg, accountID, id, func(s conversation.State) conversation.State { return s })
		return struct{}{}, nil
	})
}
