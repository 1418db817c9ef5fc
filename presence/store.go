package presence

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/parley-inbox/parley/domain"
)

// Store is one process's copy of the presence state. Make one per process
// with New and Run it.
type Store struct {
	cfg     Config
	origin  string // tells this process's notices from others'
	started time.Time

	mu      sync.Mutex
	agents  map[agentKey]Agent
	signals map[signalKey]Signal
	views   map[viewKey]view
	subs    map[string]map[*Subscription]struct{} // by account
}

// New returns a Store; Run shares it with other processes and expires it.
func New(cfg Config) *Store {
	cfg.setDefaults()
	return &Store{cfg: cfg, origin: uuid.NewString(), started: cfg.Now(),
		agents: map[agentKey]Agent{}, signals: map[signalKey]Signal{}, views: map[viewKey]view{},
		subs: map[string]map[*Subscription]struct{}{}}
}

// Heartbeat records that agent is there with status (Offline signs them
// out) and whether they hide their presence.
func (s *Store) Heartbeat(ctx context.Context, accountID, agentID string, status Status, hidden bool) (Agent, error) {
	if !status.Valid() {
		return Agent{}, domain.Invalid("status", domain.CodeBadValue, "must be online, away or offline")
	}
	now := s.cfg.Now()
	a := Agent{AccountID: accountID, AgentID: agentID, Status: status, Hidden: hidden, Since: now, LastSeen: now}
	s.apply(notice{Agent: &a})
	s.mu.Lock()
	a = s.agents[agentKey{accountID, agentID}]
	s.mu.Unlock()
	return a, s.publish(ctx, notice{Agent: &a})
}

// Signal starts (or repeats, or with active false stops) a signal; it
// lasts ttl, at most MaxTTL.
func (s *Store) Signal(ctx context.Context, sig Signal, ttl time.Duration, active bool) error {
	if !sig.Kind.Valid() {
		return domain.Invalid("kind", domain.CodeBadValue, "must be viewing, typing or recording")
	}
	sig.Expires = s.cfg.Now() // a stopped signal ends now
	if active {
		sig.Expires = sig.Expires.Add(min(max(ttl, time.Second), s.cfg.MaxTTL))
	}
	n := notice{Signal: &sig, Ended: !active}
	s.apply(n)
	return s.publish(ctx, n)
}

// Agents lists the account's agents with a known presence, by id.
func (s *Store) Agents(accountID string) []Agent {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Agent
	for k, a := range s.agents {
		if k.account == accountID {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b Agent) int { return strings.Compare(a.AgentID, b.AgentID) })
	return out
}

// Signals lists a conversation's live signals.
func (s *Store) Signals(accountID, conversationID string) []Signal {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Signal
	for k, sig := range s.signals {
		if k.account == accountID && k.conversation == conversationID {
			out = append(out, sig)
		}
	}
	slices.SortFunc(out, func(a, b Signal) int {
		return strings.Compare(string(a.Kind)+a.Who.String(), string(b.Kind)+b.Who.String())
	})
	return out
}

// Availability reports whether the agent takes new conversations (online)
// and since when they have been offline (zero while online or away). An
// agent never heard of has been offline since the Store started.
func (s *Store) Availability(accountID, agentID string) (bool, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.agents[agentKey{accountID, agentID}]
	switch {
	case !ok:
		return false, s.started
	case a.Status == Offline:
		return false, a.Since
	}
	return a.Status == Online, time.Time{}
}

// Expire turns agents without a heartbeat for Timeout offline and drops
// expired signals and views, as of now. Every process does the same from
// the same notices, so no notice is needed.
func (s *Store) Expire(now time.Time) {
	var changes []Change
	s.mu.Lock()
	for k, a := range s.agents {
		if a.Status != Offline && now.Sub(a.LastSeen) >= s.cfg.Timeout {
			a.Status, a.Since = Offline, a.LastSeen.Add(s.cfg.Timeout)
			s.agents[k] = a
			changes = append(changes, Change{AccountID: k.account, Agent: &a})
		}
	}
	for k, sig := range s.signals {
		if !now.Before(sig.Expires) {
			delete(s.signals, k)
			changes = append(changes, Change{AccountID: k.account, Signal: &sig, Ended: true})
		}
	}
	maps.DeleteFunc(s.views, func(_ viewKey, v view) bool { return now.Sub(v.at) > s.cfg.ViewRetention })
	s.mu.Unlock()
	s.emit(changes)
}
