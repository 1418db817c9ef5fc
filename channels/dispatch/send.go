package dispatch

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/inboxes"
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
	if errors.Is(err, inboxes.ErrNotFound) {
		// Disconnected: the message cannot go out; say so rather than
		// holding up every later message.
		in = channels.Inbox{ID: to.InboxID, AccountID: to.AccountID}
		ref := ledger.OutboundRef{ConversationID: convID, MessageID: msg.MessageID}
		return d.recordStatus(ctx, in, ref, outcome{Outbound: ledger.Outbound{State: ledger.StateFailed, Error: "the inbox is not connected"}, code: "inbox_not_connected"})
	}
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
		o := channels.Outbound{ConversationID: convID, To: to.ProviderContactID, Message: msg}
		thread, err := d.cfg.Ledger.ThreadOf(ctx, convID)
		if err != nil {
			return err
		}
		o.Thread = channels.Thread{Subject: thread.Subject, InReplyTo: thread.LastMessageID, References: strings.Fields(thread.References)}
		out = d.send(ctx, in, o)
		if err := d.cfg.Ledger.Finish(ctx, ref, out.Outbound); err != nil {
			return err
		}
		d.health(ctx, in, out)
		if in.Channel == conversation.ChannelEmail && out.State == ledger.StateSent { // later replies reference this one too
			thread.References = strings.TrimSpace(thread.References + " " + out.ProviderMessageID)
			if err := d.cfg.Ledger.SetThread(ctx, convID, thread); err != nil {
				return err
			}
		}
	case ledger.StateSending:
		out = outcome{Outbound: ledger.Outbound{State: ledger.StateFailed, Error: "the outcome of an earlier send attempt is unknown; not sent again to avoid a duplicate"}, code: "outcome_unknown"}
		if err := d.cfg.Ledger.Finish(ctx, ref, out.Outbound); err != nil {
			return err
		}
	default:
		out = outcome{Outbound: prev} // redelivered: only the status may be missing
	}
	if err := d.recordStatus(ctx, in, ref, out); err != nil {
		return err
	}
	if out.State != ledger.StateSent {
		return nil
	}
	return d.applyParked(ctx, in, ref, out.ProviderMessageID)
}

// applyParked records the reports that arrived before the provider id was
// known. They are deleted first: a crash here loses at most these reports,
// never duplicates them (the commands are idempotent anyway).
func (d *Dispatcher) applyParked(ctx context.Context, in channels.Inbox, ref ledger.OutboundRef, providerID string) error {
	parked, err := d.cfg.Ledger.Unpark(ctx, in.ID, providerID)
	if err != nil {
		return err
	}
	for _, p := range parked {
		cmd := conversation.RecordDeliveryStatus{MessageID: ref.MessageID, Status: conversation.DeliveryStatus(p.Status), Reason: p.Reason, ErrorCode: p.ErrorCode}
		meta := command.Meta{
			AccountID: in.AccountID, Actor: domain.Actor{Kind: domain.ActorSystem, ID: "channel:" + in.ID},
			CommandID: "channel:status:" + ref.MessageID + ":" + p.Status, CorrelationID: ref.MessageID,
		}
		if _, err := d.cfg.Commands.Conversation(ctx, ref.ConversationID, cmd, meta); err != nil && !errors.Is(err, domain.ErrInvalid) {
			return fmt.Errorf("dispatch: parked %s of %s: %w", p.Status, ref.MessageID, err)
		}
	}
	return nil
}

// send tries the adapter until it succeeds, refuses for good, or the
// attempts run out.
func (d *Dispatcher) send(ctx context.Context, in channels.Inbox, o channels.Outbound) outcome {
	a, err := d.cfg.Adapters.For(in.Channel)
	if err != nil {
		return outcome{Outbound: ledger.Outbound{State: ledger.StateFailed, Error: err.Error()}, code: "no_adapter"}
	}
	if o, err = d.withMediaLink(ctx, o); err != nil {
		return outcome{Outbound: ledger.Outbound{State: ledger.StateFailed, Error: err.Error()}, code: "media_unavailable"}
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
