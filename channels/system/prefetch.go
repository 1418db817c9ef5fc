package system

import (
	"context"
	"time"

	"github.com/parley-inbox/parley/channels/ledger"
)

// queuePrefetch hands an inbound message's media to the prefetch task
// without blocking the webhook; when the queue is full the media is
// fetched on first view instead.
func (s *System) queuePrefetch(conversationID, messageID string) {
	select {
	case s.prefetch <- ledger.OutboundRef{ConversationID: conversationID, MessageID: messageID}:
	default:
		s.cfg.Logger.Debug("channels: media prefetch queue full", "conversation", conversationID, "message", messageID)
	}
}

// RunMediaPrefetch downloads queued inbound media until ctx ends.
func (s *System) RunMediaPrefetch(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case ref := <-s.prefetch:
			if err := s.PrefetchNow(ctx, ref.ConversationID, ref.MessageID); err != nil {
				s.cfg.Logger.Warn("channels: media prefetch", "conversation", ref.ConversationID, "message", ref.MessageID, "error", err)
			}
		}
	}
}

// PrefetchNow stores one message's media.
func (s *System) PrefetchNow(ctx context.Context, conversationID, messageID string) error {
	c, err := s.Admin.Ledger.ContactOf(ctx, conversationID)
	if err != nil {
		return err
	}
	_, err = s.Admin.Media.ensure(ctx, c.AccountID, ledger.OutboundRef{ConversationID: conversationID, MessageID: messageID})
	return err
}

// RunHousekeeping purges old dedupe marks and parked reports every hour
// until ctx ends.
func (s *System) RunHousekeeping(ctx context.Context) error {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case now := <-t.C:
			n, err := s.Admin.Ledger.Purge(ctx, ledger.Retention{}, now)
			if err != nil && ctx.Err() == nil {
				s.cfg.Logger.Warn("channels: purge ledger", "error", err)
				continue
			}
			s.cfg.Logger.Debug("channels: purged ledger rows", "count", n)
		}
	}
}
