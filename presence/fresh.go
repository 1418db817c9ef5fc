package presence

import (
	"time"

	"github.com/parley-inbox/parley/domain"
)

// CodeStaleView is the conflict code of a reply refused by CheckFreshView.
const CodeStaleView = "stale_view"

// CheckFreshView is the hook of the optional rule "a reply from an agent
// whose view is older than the latest customer message is refused": it
// returns a conflict unless the agent has seen the customer message
// received at latestInbound. Seen means a viewing signal's up_to reached
// it, or the agent's screen was following the live stream (a viewing
// signal without up_to, not lapsed or stopped) when it arrived and at
// least LiveDelay after. The command side calls it, on the state a reply
// is decided on, when the account's assignment settings set
// RequireFreshView.
func (s *Store) CheckFreshView(accountID, conversationID, agentID string, latestInbound time.Time) error {
	if latestInbound.IsZero() {
		return nil
	}
	now := s.cfg.Now()
	s.mu.Lock()
	v, ok := s.views[viewKey{accountID, conversationID, agentID}]
	s.mu.Unlock()
	seen := v.upTo
	if live := minTime(now, v.liveUntil).Add(-s.cfg.LiveDelay); ok && !v.liveUntil.IsZero() && live.After(seen) {
		seen = live
	}
	if ok && !seen.Before(latestInbound) {
		return nil
	}
	return domain.Conflict(CodeStaleView,
		"a new customer message arrived at %s, after your last view of this conversation; open it and read it before replying",
		latestInbound.UTC().Format(time.RFC3339))
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
