// Package eventsub is a Watermill message.Subscriber over the event store's
// ordered all-events subscription. Each topic is one consumer (a projector):
// delivery starts after the topic's stored checkpoint, one message at a time,
// the next only after the previous one was acked; a nacked message is
// delivered again, unchanged, after a backoff. Nothing is ever skipped.
package eventsub

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/parley-inbox/parley/eventstore"
)

// ErrClosed is returned by Subscribe after Close.
var ErrClosed = errors.New("eventsub: subscriber closed")

// ErrTopicBusy is returned by Subscribe while the topic already has a running
// subscription: a topic is one ordered consumer.
var ErrTopicBusy = errors.New("eventsub: topic already subscribed")

// Config configures a Subscriber.
type Config struct {
	// Checkpoint returns the position after which a topic's delivery starts
	// (0 for the beginning of the log). Required.
	Checkpoint func(ctx context.Context, topic string) (uint64, error)
	// NackBackoff is the first delay before a nacked message is delivered
	// again; it doubles up to MaxNackBackoff. Defaults 50ms and 5s.
	NackBackoff    time.Duration
	MaxNackBackoff time.Duration
	// RetryBackoff is the delay before resubscribing after the store failed.
	// Default 1s.
	RetryBackoff time.Duration
	Logger       *slog.Logger
}

func (c *Config) setDefaults() {
	if c.NackBackoff <= 0 {
		c.NackBackoff = 50 * time.Millisecond
	}
	if c.MaxNackBackoff <= 0 {
		c.MaxNackBackoff = 5 * time.Second
	}
	if c.RetryBackoff <= 0 {
		c.RetryBackoff = time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Validate reports every problem of the configuration.
func (c Config) Validate() error {
	var errs []error
	if c.Checkpoint == nil {
		errs = append(errs, errors.New("eventsub: Config.Checkpoint is required"))
	}
	if c.MaxNackBackoff < c.NackBackoff {
		errs = append(errs, errors.New("eventsub: MaxNackBackoff is below NackBackoff"))
	}
	return errors.Join(errs...)
}

// Subscriber implements message.Subscriber over an eventstore.Store.
type Subscriber struct {
	store eventstore.Store
	cfg   Config

	mu     sync.Mutex
	closed bool
	topics map[string]bool
	ctx    context.Context // canceled by Close
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

var _ message.Subscriber = (*Subscriber)(nil)

// NewSubscriber returns a subscriber over store.
func NewSubscriber(store eventstore.Store, cfg Config) (*Subscriber, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if store == nil {
		return nil, errors.New("eventsub: nil store")
	}
	// The subscriber's own lifetime is ended only by Close, so it has no
	// caller context to derive from.
	ctx, cancel := context.WithCancel(context.Background())
	return &Subscriber{store: store, cfg: cfg, topics: map[string]bool{}, ctx: ctx, cancel: cancel}, nil
}

// Subscribe starts delivering every event after topic's checkpoint. The
// channel is closed when ctx ends or the subscriber is closed. Messages carry
// a context that ends with the subscription.
func (s *Subscriber) Subscribe(ctx context.Context, topic string) (<-chan *message.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	if s.topics[topic] {
		return nil, fmt.Errorf("%w: %q", ErrTopicBusy, topic)
	}
	s.topics[topic] = true
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(s.ctx, cancel)
	out := make(chan *message.Message)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() {
			stop()
			cancel()
			close(out)
			s.mu.Lock()
			delete(s.topics, topic)
			s.mu.Unlock()
		}()
		s.run(ctx, topic, out)
	}()
	return out, nil
}

// Close ends every subscription and waits for their goroutines.
func (s *Subscriber) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	return nil
}
