package command

import (
	"container/list"
	"sync"
)

// recentCommands is how many command ids a cached stream remembers, so a
// retried command is answered from memory; older ones fall back to a read of
// the whole stream.
const recentCommands = 64

// cached is one stream's folded state, as of revision, guarded by mu. While
// a command holds mu it owns the state: it decides on it and, once its
// append succeeded, evolves it in place.
type cached[S any] struct {
	mu       sync.Mutex
	key      string
	valid    bool
	exists   bool
	account  string
	state    S
	revision uint64
	position uint64
	recent   map[string]Result
	order    []string // recent's keys, oldest first
	elem     *list.Element
}

func (c *cached[S]) remember(commandID string, r Result) {
	if c.recent == nil {
		c.recent = make(map[string]Result, recentCommands)
	}
	if _, ok := c.recent[commandID]; !ok {
		c.order = append(c.order, commandID)
	}
	c.recent[commandID] = r
	if len(c.order) > recentCommands {
		delete(c.recent, c.order[0])
		c.order = c.order[1:]
	}
}

func (c *cached[S]) reset() {
	var zero S
	c.valid, c.exists, c.account, c.state, c.revision, c.position = false, false, "", zero, 0, 0
	c.recent, c.order = nil, nil
}

// stateCache keeps the folded state of recently used streams (LRU, bounded
// by entry count) so that a command does not re-read its whole stream. It
// is only an optimisation: every append still carries the expected revision,
// and a conflict drops the entry and reloads.
type stateCache[S any] struct {
	mu      sync.Mutex
	max     int
	entries map[string]*cached[S]
	lru     *list.List // front = most recently used
}

func newStateCache[S any](max int) *stateCache[S] {
	return &stateCache[S]{max: max, entries: make(map[string]*cached[S]), lru: list.New()}
}

// acquire returns the stream's entry, locked. An entry evicted while locked
// stays usable by its holder; it just is no longer found by others.
func (sc *stateCache[S]) acquire(stream string) *cached[S] {
	sc.mu.Lock()
	e, ok := sc.entries[stream]
	if ok {
		sc.lru.MoveToFront(e.elem)
	} else {
		e = &cached[S]{key: stream}
		e.elem = sc.lru.PushFront(e)
		sc.entries[stream] = e
		for sc.lru.Len() > sc.max {
			old := sc.lru.Back()
			sc.lru.Remove(old)
			delete(sc.entries, old.Value.(*cached[S]).key)
		}
	}
	sc.mu.Unlock()
	e.mu.Lock()
	return e
}
