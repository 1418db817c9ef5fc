package inbound

import (
	"context"
	"errors"
	"unicode/utf8"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
)

// status records a delivery report. The domain never moves a status
// backwards, so out-of-order and repeated reports are harmless. A report
// for a provider id the dispatcher has not recorded yet is parked and
// applied by the dispatcher when it does.
func (s *Service) status(ctx context.Context, in channels.Inbox, st channels.StatusUpdate) error {
	if st.ProviderMessageID == "" && st.ProviderContactID != "" {
		return s.watermark(ctx, in, st)
	}
	ref, err := s.cfg.Ledger.MessageOf(ctx, in.ID, st.ProviderMessageID)
	if errors.Is(err, ledger.ErrUnknown) {
		// Parked until the dispatcher records the provider id (or forever,
		// for messages Parley did not send).
		s.cfg.Logger.Debug("channels: status parked", "inbox", in.ID, "provider_message_id", st.ProviderMessageID, "status", st.Status)
		return s.cfg.Ledger.Park(ctx, in.ID, st.ProviderMessageID, ledger.ParkedStatus{Status: string(st.Status), ErrorCode: st.ErrorCode, Reason: st.Reason})
	}
	if err != nil {
		return err
	}
	return s.recordStatus(ctx, in, ref, st)
}

// watermark applies a report to every message sent to the contact.
func (s *Service) watermark(ctx context.Context, in channels.Inbox, st channels.StatusUpdate) error {
	refs, err := s.cfg.Ledger.SentIn(ctx, ledger.ConversationID(in.ID, st.ProviderContactID))
	if err != nil {
		return err
	}
	for _, ref := range refs {
		if err := s.recordStatus(ctx, in, ref, st); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) recordStatus(ctx context.Context, in channels.Inbox, ref ledger.OutboundRef, st channels.StatusUpdate) error {
	cmd := conversation.RecordDeliveryStatus{MessageID: ref.MessageID, Status: st.Status, Reason: truncate(st.Reason, conversation.MaxReasonLen), ErrorCode: truncate(st.ErrorCode, 64)}
	meta := command.Meta{
		AccountID: in.AccountID, Actor: domain.Actor{Kind: domain.ActorSystem, ID: "channel:" + in.ID},
		CommandID: "channel:status:" + ref.MessageID + ":" + string(st.Status), CorrelationID: ref.MessageID,
	}
	_, err := s.cfg.Commands.Conversation(ctx, ref.ConversationID, cmd, meta)
	var de *domain.Error
	if errors.As(err, &de) && de.Kind == domain.KindInvalid {
		s.cfg.Logger.Warn("channels: status not recorded", "inbox", in.ID, "error", err)
		return nil // an unknown status from the provider; retrying will not help
	}
	return err
}

func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max])
}
