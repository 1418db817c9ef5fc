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
// for a message the dispatcher has not recorded yet is dropped (logged):
// providers send the "sent" report after answering the send request.
func (s *Service) status(ctx context.Context, in channels.Inbox, st channels.StatusUpdate) error {
	ref, err := s.cfg.Ledger.MessageOf(ctx, in.ID, st.ProviderMessageID)
	if errors.Is(err, ledger.ErrUnknown) {
		s.cfg.Logger.Info("channels: status for an unknown message", "inbox", in.ID, "provider_message_id", st.ProviderMessageID, "status", st.Status)
		return nil
	}
	if err != nil {
		return err
	}
	cmd := conversation.RecordDeliveryStatus{MessageID: ref.MessageID, Status: st.Status, Reason: truncate(st.Reason, conversation.MaxReasonLen), ErrorCode: truncate(st.ErrorCode, 64)}
	meta := command.Meta{
		AccountID: in.AccountID, Actor: domain.Actor{Kind: domain.ActorSystem, ID: "channel:" + in.ID},
		CommandID: "channel:status:" + ref.MessageID + ":" + string(st.Status), CorrelationID: ref.MessageID,
	}
	_, err = s.cfg.Commands.Conversation(ctx, ref.ConversationID, cmd, meta)
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
