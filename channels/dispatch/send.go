package dispatch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// outcome of one message.
type outcome struct {
	ledger.Outbound
	code string
}

func (d *Dispatcher) dispatch(ctx context.Context, ev eventstore.RecordedEvent) error {
	decoded, err := d.codec.Decode(ev.Type, ev.SchemaVersion, ev.Data)
	if err != nil {
		return fmt.Errorf("dispatch: decode %s at %d: %w", ev.Type, ev.Position, err)
	}
	msg, ok := decoded.(conversation.MessageSent)
	if !ok {
		return fmt.Errorf("dispatch: %s decoded as %T", ev.Type, decoded)
	}
	convID, ok := conversation.IDFromStream(ev.Stream)
	if !ok {
		return nil
	}
	to, err := d.cfg.Ledger.ContactOf(ctx, convID)
	if errors.Is(err, ledger.ErrUnknown) {
		return nil // not a conversation of a connected channel
	}
	if err != nil {
		return err
	}
	in, err := d.cfg.Inboxes.Get(ctx, to.InboxID)
	if err != nil {
		return fmt.Errorf("dispatch: inbox of %s: %w", convID, err)
	}
	ref := ledger.OutboundRef{ConversationID: convID, MessageID: msg.MessageID}
	prev, err := d.cfg.Ledger.Claim(ctx, ref, in.ID)
	if err != nil {
		return err
	}
	var out outcome
	switch prev.State {
	case "":
		out = d.send(ctx, in, channels.Outbound{To: to.ProviderContactID, Message: msg})
		if err := d.cfg.Ledger.Finish(ctx, ref, out.Outbound); err != nil {
			return err
		}
		d.health(ctx, in, out)
	case ledger.StateSending:
		out = outcome{Outbound: ledger.Outbound{State: ledger.StateFailed, Error: "the outcome of an earlier send attempt is unknown; not sent again to avoid a duplicate"}, code: "outcome_unknown"}
		if err := d.cfg.Ledger.Finish(ctx, ref, out.Outbound); err != nil {
			return err
		}
	default:
		out = outcome{Outbound: prev} // redelivered: only the status may be missing
	}
	return d.recordStatus(ctx, in, ref, out)
}

// send tries the adapter until it succeeds, refuses for good, or the
// attempts run out.
func (d *Dispatcher) send(ctx context.Context, in channels.Inbox, o channels.Outbound) outcome {
	a, err := d.cfg.Adapters.For(in.Channel)
	if err != nil {
		return outcome{Outbound: ledger.Outbound{State: ledger.StateFailed, Error: err.Error()}, code: "no_adapter"}
	}
	wait := d.cfg.Backoff
	for attempt := 1; ; attempt++ {
		id, err := a.Send(ctx, in, o)
		if err == nil {
			d.cfg.Metrics.Send(in, "ok")
			return outcome{Outbound: ledger.Outbound{State: ledger.StateSent, ProviderMessageID: id}}
		}
		if !channels.IsRetryable(err) || attempt >= d.cfg.MaxAttempts || ctx.Err() != nil {
			d.cfg.Metrics.Send(in, "failed")
			d.cfg.Logger.Warn("channels: send failed", "inbox", in.ID, "message", o.Message.MessageID, "attempts", attempt, "error", err)
			return outcome{Outbound: ledger.Outbound{State: ledger.StateFailed, Error: err.Error()}, code: errorCode(err)}
		}
		d.cfg.Metrics.Send(in, "retry")
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(wait*2, d.cfg.MaxBackoff)
	}
}

func errorCode(err error) string {
	var se *channels.SendError
	if errors.As(err, &se) {
		return se.Code
	}
	return "network"
}

func (d *Dispatcher) health(ctx context.Context, in channels.Inbox, out outcome) {
	what := ledger.HealthSendOK
	if out.State == ledger.StateFailed {
		what = ledger.HealthSendFailed
	}
	if err := d.cfg.Ledger.Record(ctx, in.ID, what, d.cfg.Now(), out.Error); err != nil {
		d.cfg.Logger.Warn("channels: record health", "inbox", in.ID, "error", err)
	}
}

func (d *Dispatcher) recordStatus(ctx context.Context, in channels.Inbox, ref ledger.OutboundRef, out outcome) error {
	status := conversation.StatusSent
	if out.State == ledger.StateFailed {
		status = conversation.StatusFailed
	}
	reason := out.Error
	if len([]rune(reason)) > conversation.MaxReasonLen {
		reason = string([]rune(reason)[:conversation.MaxReasonLen])
	}
	cmd := conversation.RecordDeliveryStatus{MessageID: ref.MessageID, Status: status, Reason: reason, ErrorCode: out.code}
	meta := command.Meta{
		AccountID: in.AccountID, Actor: domain.Actor{Kind: domain.ActorSystem, ID: "channel-dispatcher"},
		CommandID: "channel:dispatch:" + ref.ConversationID + ":" + ref.MessageID, CorrelationID: ref.MessageID,
	}
	if _, err := d.cfg.Commands.Conversation(ctx, ref.ConversationID, cmd, meta); err != nil {
		return fmt.Errorf("dispatch: record %s of %s: %w", status, ref.MessageID, err)
	}
	return nil
}
