package presence

import "sync/atomic"

// Subscription receives one account's changes; Close it when done.
type Subscription struct {
	s       *Store
	account string
	ch      chan Change
	dropped atomic.Int64
}

// Subscribe returns a subscription to the account's changes.
func (s *Store) Subscribe(accountID string) *Subscription {
	sub := &Subscription{s: s, account: accountID, ch: make(chan Change, s.cfg.ClientBuffer)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.subs[accountID] == nil {
		s.subs[accountID] = map[*Subscription]struct{}{}
	}
	s.subs[accountID][sub] = struct{}{}
	return sub
}

// Changes delivers the account's changes.
func (sub *Subscription) Changes() <-chan Change { return sub.ch }

// Dropped counts the changes lost because the subscriber was behind.
func (sub *Subscription) Dropped() int64 { return sub.dropped.Load() }

// Close ends the subscription.
func (sub *Subscription) Close() {
	sub.s.mu.Lock()
	defer sub.s.mu.Unlock()
	delete(sub.s.subs[sub.account], sub)
	if len(sub.s.subs[sub.account]) == 0 {
		delete(sub.s.subs, sub.account)
	}
}

// emit delivers changes to subscribers (never blocking) and to OnChange.
func (s *Store) emit(changes []Change) {
	for _, c := range changes {
		if c.quiet {
			continue
		}
		s.mu.Lock()
		for sub := range s.subs[c.AccountID] {
			select {
			case sub.ch <- c:
			default:
				sub.dropped.Add(1)
			}
		}
		s.mu.Unlock()
		if s.cfg.OnChange != nil {
			s.cfg.OnChange(c)
		}
	}
}
