package api

import (
	"context"

	"github.com/parley-inbox/parley/presence"
)

// Live stream event names of presence changes.
const (
	streamPresenceAgent  = "presence.agent"  // an agent's status changed
	streamPresenceSignal = "presence.signal" // someone started or stopped viewing, typing or recording
)

// presenceEventBuffer bounds one stream's queue of presence events; a
// client that falls behind loses some (they are ephemeral).
const presenceEventBuffer = 64

// PresenceEvents puts presence changes on the live stream (a
// SideEventSource): what a principal may see of them, in their account.
type PresenceEvents struct {
	Store         *presence.Store
	Conversations ConversationStates
}

// Subscribe implements SideEventSource.
func (pe PresenceEvents) Subscribe(ctx context.Context, p Principal) (<-chan SideEvent, func()) {
	sub := pe.Store.Subscribe(p.AccountID)
	out := make(chan SideEvent, presenceEventBuffer)
	ctx, cancel := context.WithCancel(ctx)
	routes := &presenceRoutes{cfg: PresenceConfig(pe)}
	go func() {
		defer sub.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case ch := <-sub.Changes():
				ev, ok := routes.sideEvent(ctx, p, ch)
				if !ok {
					continue
				}
				select {
				case out <- ev:
				default: // behind: drop it
				}
			}
		}
	}()
	return out, cancel
}

// sideEvent is ch as p may see it, if at all.
func (h *presenceRoutes) sideEvent(ctx context.Context, p Principal, ch presence.Change) (SideEvent, bool) {
	switch {
	case ch.Agent != nil:
		return SideEvent{Name: streamPresenceAgent, Data: ch.Agent}, seesAgent(p, *ch.Agent)
	case ch.Signal != nil:
		if !seesSignal(p, *ch.Signal) || h.visible(ctx, p, ch.Signal.ConversationID) != nil {
			return SideEvent{}, false
		}
		return SideEvent{Name: streamPresenceSignal, Data: ch}, true
	}
	return SideEvent{}, false
}
