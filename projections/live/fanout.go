package live

import (
	"context"
	"fmt"
	"log/slog"
)

// Subscribe starts delivering account's changes after the hub's cursor
// (Subscription.From). It waits until the hub has connected once, and fails
// with ErrHubClosed once the hub has stopped.
func (h *Hub) Subscribe(ctx context.Context, account string) (*Subscription, error) {
	select {
	case <-h.ready:
	case <-h.stop:
		return nil, ErrHubClosed
	case <-ctx.Done():
		return nil, fmt.Errorf("live: subscribe: hub not ready: %w", ctx.Err())
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stopped {
		return nil, ErrHubClosed
	}
	s := newSubscription(h, account, h.cursor, h.cfg.ClientBuffer)
	if h.accounts[account] == nil {
		h.accounts[account] = map[*Subscription]struct{}{}
	}
	h.accounts[account][s] = struct{}{}
	return s, nil
}

// Subscribers counts the live subscriptions, for tests and metrics.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, subs := range h.accounts {
		n += len(subs)
	}
	return n
}

// fanOut delivers changes (in seq order, after the cursor) and advances the
// cursor. It never blocks: a subscriber whose buffer is full is dropped.
func (h *Hub) fanOut(changes []Change) {
	if len(changes) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, ch := range changes {
		for s := range h.accounts[ch.AccountID] {
			if ch.Seq <= s.From || s.offer(ch) {
				continue
			}
			h.removeLocked(s)
			s.end(ErrSlowClient)
			h.cfg.Logger.Warn("live: slow client dropped", slog.String("account_id", ch.AccountID),
				slog.Uint64("seq", ch.Seq), slog.Int("buffer", h.cfg.ClientBuffer))
		}
		h.cursor = max(h.cursor, ch.Seq)
	}
}

func (h *Hub) unsubscribe(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.removeLocked(s)
}

func (h *Hub) removeLocked(s *Subscription) {
	subs := h.accounts[s.account]
	delete(subs, s)
	if len(subs) == 0 {
		delete(h.accounts, s.account)
	}
}

// shutdown ends every subscription; later Subscribe calls fail.
func (h *Hub) shutdown() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stopped = true
	for _, subs := range h.accounts {
		for s := range subs {
			s.end(ErrHubClosed)
		}
	}
	h.accounts = map[string]map[*Subscription]struct{}{}
	close(h.stop)
}
