package live

import (
	"errors"
	"sync"
)

// Why a subscription ended; Subscription.Err returns one of them.
var (
	// ErrSlowClient: the client's buffer filled up; it was dropped so that
	// it never holds the others back. It should reconnect and resume.
	ErrSlowClient = errors.New("live: client too slow, disconnected")
	// ErrHubClosed: the hub has stopped (server shutdown).
	ErrHubClosed = errors.New("live: hub closed")
	// ErrUnsubscribed: the subscriber closed the subscription itself.
	ErrUnsubscribed = errors.New("live: unsubscribed")
)

// Subscription receives the changes of one account with seq > From, in seq
// order, until Done is closed.
type Subscription struct {
	// From is the hub's cursor when the subscription started: changes up to
	// it are not delivered (read them with ReadAccount to resume).
	From    uint64
	account string
	hub     *Hub
	c       chan Change
	done    chan struct{}

	once sync.Once
	err  error // set before done is closed
}

func newSubscription(h *Hub, account string, from uint64, buffer int) *Subscription {
	return &Subscription{From: from, account: account, hub: h, c: make(chan Change, buffer), done: make(chan struct{})}
}

// Changes delivers the changes. It is never closed: select on Done too.
func (s *Subscription) Changes() <-chan Change { return s.c }

// Done is closed when the subscription ends; Err then says why.
func (s *Subscription) Done() <-chan struct{} { return s.done }

// Err is why the subscription ended, nil while it runs.
func (s *Subscription) Err() error {
	select {
	case <-s.done:
		return s.err
	default:
		return nil
	}
}

// Close ends the subscription and releases it from the hub.
func (s *Subscription) Close() {
	s.hub.unsubscribe(s)
	s.end(ErrUnsubscribed)
}

// end records why the subscription ended, once.
func (s *Subscription) end(err error) {
	s.once.Do(func() {
		s.err = err
		close(s.done)
	})
}

// offer hands ch over without blocking; false means the buffer is full.
func (s *Subscription) offer(ch Change) bool {
	select {
	case s.c <- ch:
		return true
	default:
		return false
	}
}
