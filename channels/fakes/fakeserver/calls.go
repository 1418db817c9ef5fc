package fakeserver

import "sync"

// Calls records the calls a fake accepted, in order, and the failures
// injected for the next ones; T is what a fake keeps of an accepted call
// and F what it keeps of a failure.
type Calls[T, F any] struct {
	mu       sync.Mutex
	seq      int
	accepted []T
	failures []F
}

// FailNext makes the next calls fail with f, in order.
func (c *Calls[T, F]) FailNext(f ...F) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failures = append(c.failures, f...)
}

// Accept takes the next injected failure if there is one (failed is then
// true); otherwise it numbers the call from 1, records what record makes
// of that number, and returns it.
func (c *Calls[T, F]) Accept(record func(seq int) T) (call T, failure F, failed bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.failures) > 0 {
		failure, c.failures = c.failures[0], c.failures[1:]
		return call, failure, true
	}
	c.seq++
	call = record(c.seq)
	c.accepted = append(c.accepted, call)
	return call, failure, false
}

// All returns the accepted calls so far.
func (c *Calls[T, F]) All() []T {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]T(nil), c.accepted...)
}
