package presence

import (
	"time"

	"github.com/parley-inbox/parley/domain"
)

// CodeStaleView is the conflict code of a reply refused by CheckFreshView.
const CodeStaleView = "stale_view"

// CheckFreshView is the hook of the optional rule "a reply from an agent
// whose view is older than the latest customer message is refused": it
// returns a conflict unless the agent's viewing signals on the
// conversation showed a customer message received at or after
// latestInbound. The command side calls it before a reply when the
// account's assignment settings set RequireFreshView.
func (s *Store) CheckFreshView(accountID, conversationID, agentID string, latestInbound time.Time) error {
	if latestInbound.IsZero() {
		return nil
	}
	s.mu.Lock()
	v, ok := s.views[viewKey{accountID, conversationID, agentID}]
	s.mu.Unlock()
	if ok && !v.upTo.Before(latestInbound) {
		return nil
	}
	return domain.Conflict(CodeStaleView,
		"the customer wrote again at %s, after what you have on screen; read it before replying", latestInbound.UTC().Format(time.RFC3339))
}
