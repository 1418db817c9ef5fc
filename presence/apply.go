package presence

import "github.com/parley-inbox/parley/domain"

// notice is a change as it travels between processes.
type notice struct {
	Origin string  `json:"o,omitempty"`
	Agent  *Agent  `json:"a,omitempty"`
	Signal *Signal `json:"s,omitempty"`
	Ended  bool    `json:"e,omitempty"`
}

// apply merges n into the state and tells subscribers what changed.
func (s *Store) apply(n notice) {
	var changes []Change
	s.mu.Lock()
	switch {
	case n.Agent != nil:
		a := *n.Agent
		k := agentKey{a.AccountID, a.AgentID}
		prev, seen := s.agents[k]
		if seen && prev.Status == a.Status {
			a.Since = prev.Since
		}
		if seen && a.LastSeen.Before(prev.LastSeen) {
			break // an older notice arriving late
		}
		s.agents[k] = a
		quiet := seen && prev.Status == a.Status && prev.Hidden == a.Hidden
		changes = append(changes, Change{AccountID: a.AccountID, Agent: &a, quiet: quiet})
	case n.Signal != nil:
		sig := *n.Signal
		k := signalKey{sig.AccountID, sig.ConversationID, sig.Kind, sig.Who}
		_, was := s.signals[k]
		if sig.Kind == Viewing && sig.Who.Kind == domain.ActorAgent {
			s.noteView(sig)
		}
		if n.Ended {
			delete(s.signals, k)
			if was {
				changes = append(changes, Change{AccountID: sig.AccountID, Signal: &sig, Ended: true})
			}
			break
		}
		s.signals[k] = sig
		changes = append(changes, Change{AccountID: sig.AccountID, Signal: &sig, quiet: was})
	}
	s.mu.Unlock()
	s.emit(changes)
}

// noteView records how far an agent's viewing signal (started, repeated
// or stopped: a stopped one expires now) shows they have looked. Called
// with s.mu held.
func (s *Store) noteView(sig Signal) {
	vk := viewKey{sig.AccountID, sig.ConversationID, sig.Who.ID}
	v := s.views[vk]
	if sig.UpTo.After(v.upTo) {
		v.upTo = sig.UpTo
	}
	if sig.UpTo.IsZero() { // the screen follows the live stream until the signal lapses or stops
		v.liveUntil = sig.Expires
	}
	v.at = sig.Expires
	s.views[vk] = v
}
