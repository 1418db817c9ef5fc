package inbound

import (
	"context"
	"errors"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
)

// take records one inbound message, opening the conversation (and creating
// the contact) on the first one.
func (s *Service) take(ctx context.Context, in channels.Inbox, m channels.InboundMessage) error {
	providerID := m.Message.ProviderMessageID
	seen, err := s.cfg.Ledger.Seen(ctx, in.ID, providerID)
	if err != nil {
		return err
	}
	if seen {
		s.cfg.Metrics.Duplicate(in)
		return s.cfg.Ledger.Record(ctx, in.ID, ledger.HealthDuplicate, s.cfg.Now(), "")
	}
	// Recorded first, marked seen after: a crash in between lets the
	// provider's retry in again, and the commands are idempotent.
	if err := s.record(ctx, in, m); err != nil {
		return err
	}
	if _, err := s.cfg.Ledger.FirstSeen(ctx, in.ID, providerID); err != nil {
		return err
	}
	s.cfg.Metrics.Inbound(in)
	return s.cfg.Ledger.Record(ctx, in.ID, ledger.HealthInbound, s.cfg.Now(), "")
}

func (s *Service) record(ctx context.Context, in channels.Inbox, m channels.InboundMessage) error {
	c := ledger.Contact{
		InboxID: in.ID, ProviderContactID: m.ProviderContactID, AccountID: in.AccountID,
		ConversationID: ledger.ConversationID(in.ID, m.ProviderContactID), ContactID: ledger.ContactID(in.ID, m.ProviderContactID),
	}
	known, err := s.cfg.Ledger.ContactKnown(ctx, in.ID, m.ProviderContactID)
	if err != nil {
		return err
	}
	if !known {
		if err := s.ensureContact(ctx, in, c, m.ContactName); err != nil {
			return err
		}
		if err := s.cfg.Ledger.RememberContact(ctx, c); err != nil {
			return err
		}
	}
	rm := m.Message
	rm.MessageID = ledger.InboundMessageID(in.ID, rm.ProviderMessageID)
	meta := command.Meta{
		AccountID: in.AccountID, Actor: domain.Actor{Kind: domain.ActorContact, ID: c.ContactID},
		CommandID: "channel:in:" + rm.MessageID, CorrelationID: rm.MessageID,
	}
	if rm.Media != nil && s.cfg.OnMedia != nil {
		defer func() { s.cfg.OnMedia(c.ConversationID, rm.MessageID) }()
	}
	_, err = s.cfg.Commands.Conversation(ctx, c.ConversationID, rm, meta)
	if !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	open := conversation.OpenConversation{InboxID: in.ID, Channel: in.Channel, ContactID: c.ContactID, FirstInbound: &rm}
	_, err = s.cfg.Commands.Conversation(ctx, c.ConversationID, open, meta)
	if errors.Is(err, domain.ErrConflict) { // opened concurrently by another delivery
		_, err = s.cfg.Commands.Conversation(ctx, c.ConversationID, rm, meta)
	}
	return err
}

// ensureContact creates the contact with the provider's profile name and
// handle the first time; later calls are no-ops.
func (s *Service) ensureContact(ctx context.Context, in channels.Inbox, c ledger.Contact, name string) error {
	meta := command.Meta{
		AccountID: in.AccountID, Actor: domain.Actor{Kind: domain.ActorSystem, ID: "channel:" + in.ID},
		CommandID: "channel:contact:" + c.ContactID,
	}
	_, err := s.cfg.Commands.Contact(ctx, c.ContactID, contact.CreateContact{DisplayName: name}, meta)
	if errors.Is(err, domain.ErrConflict) {
		return nil // exists
	}
	if err != nil {
		return err
	}
	kind, value := identityOf(in.Channel, c.ProviderContactID)
	if kind == "" {
		return nil
	}
	meta.CommandID += ":identity"
	if _, err := s.cfg.Commands.Contact(ctx, c.ContactID, contact.AddIdentity{Kind: kind, Value: value}, meta); err != nil {
		// A handle Parley cannot normalise does not stop the message.
		s.cfg.Logger.Warn("channels: contact identity not recorded", "inbox", in.ID, "contact", c.ContactID, "error", err)
	}
	return nil
}

func identityOf(ch conversation.Channel, providerContactID string) (contact.IdentityKind, string) {
	switch ch {
	case conversation.ChannelWhatsApp:
		return contact.KindPhone, "+" + providerContactID
	case conversation.ChannelSMS:
		return contact.KindPhone, providerContactID
	case conversation.ChannelEmail:
		return contact.KindEmail, providerContactID
	case conversation.ChannelTelegram:
		return contact.KindTelegramID, providerContactID
	case conversation.ChannelMessenger:
		return contact.KindPageScopedID, providerContactID
	case conversation.ChannelInstagram:
		return contact.KindInstagramID, providerContactID
	}
	return "", ""
}
