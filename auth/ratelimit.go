package auth

import (
	"sync"
	"time"
)

// Limiter counts failed logins per key (an e-mail, a client address) in a
// fixed window and refuses a key past MaxFailures until the window ends.
// It lives in one process: each process of a deployment limits on its own,
// so the effective limit is MaxFailures times the processes serving logins.
type Limiter struct {
	mu          sync.Mutex
	maxFailures int
	window      time.Duration
	maxKeys     int
	keys        map[string]*window
}

type window struct {
	start    time.Time
	failures int
}

// NewLimiter allows maxFailures failures per key per window and remembers
// at most maxKeys keys (the oldest windows are dropped first).
func NewLimiter(maxFailures int, per time.Duration, maxKeys int) *Limiter {
	return &Limiter{maxFailures: maxFailures, window: per, maxKeys: maxKeys, keys: map[string]*window{}}
}

// Allow reports whether key may try now and, if not, how long to wait.
func (l *Limiter) Allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.keys[key]
	if !ok || now.Sub(w.start) >= l.window {
		return true, 0
	}
	if w.failures >= l.maxFailures {
		return false, w.start.Add(l.window).Sub(now)
	}
	return true, 0
}

// Fail records a failed attempt of key.
func (l *Limiter) Fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.keys[key]
	if !ok || now.Sub(w.start) >= l.window {
		if !ok && len(l.keys) >= l.maxKeys {
			l.evict(now)
		}
		w = &window{start: now}
		l.keys[key] = w
	}
	w.failures++
}

// Reset forgets key's failures (after a successful login).
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.keys, key)
}

// evict drops expired windows, and the oldest one if none expired.
func (l *Limiter) evict(now time.Time) {
	var oldest string
	for k, w := range l.keys {
		if now.Sub(w.start) >= l.window {
			delete(l.keys, k)
			continue
		}
		if oldest == "" || w.start.Before(l.keys[oldest].start) {
			oldest = k
		}
	}
	if len(l.keys) >= l.maxKeys && oldest != "" {
		delete(l.keys, oldest)
	}
}
