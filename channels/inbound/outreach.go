package inbound

import (
	"context"
	"errors"
	"net/mail"
	"strings"

	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
)

// Outreach is an agent starting a conversation with someone who has not
// written to the inbox: the recipient's address on the channel and the
// first message (on WhatsApp a template: the 24-hour window is closed).
type Outreach struct {
	To          string                   `json:"to"` // phone number, email address
	ContactName string                   `json:"contact_name,omitempty"`
	Subject     string                   `json:"subject,omitempty"` // email: the subject line
	Message     conversation.SendMessage `json:"message"`
}

// CodeNotReachable is returned when the channel does not let a business
// write first to the recipient.
const CodeNotReachable = "recipient_not_reachable"

// Started is where an outreach landed.
type Started struct {
	ConversationID string
	Result         command.Result
}

// Start opens the conversation of o.To on an inbox of meta's account with
// o.Message as its first outbound message; the dispatcher sends it. Ids
// are derived from the inbox and the recipient as for inbound traffic, so
// the recipient's answer lands in the same conversation, and a retried
// request (same message id) appends nothing new.
func (s *Service) Start(ctx context.Context, inboxID string, o Outreach, meta command.Meta) (Started, error) {
	in, _, err := s.inbox(ctx, inboxID)
	if err == nil && in.AccountID != meta.AccountID {
		err = domain.NotFound("inbox_not_found", "no such inbox")
	}
	if err != nil {
		return Started{}, err
	}
	to, err := recipient(in.Channel, o.To)
	if err != nil {
		return Started{}, err
	}
	if err := domain.CheckText("contact_name", o.ContactName, domain.MaxNameLen, false); err != nil {
		return Started{}, err
	}
	c := ledger.Contact{InboxID: in.ID, ProviderContactID: to, AccountID: in.AccountID,
		ConversationID: ledger.ConversationID(in.ID, to), ContactID: ledger.ContactID(in.ID, to)}
	known, err := s.cfg.Ledger.ContactKnown(ctx, in.ID, to)
	if err != nil {
		return Started{}, err
	}
	if known {
		return Started{}, domain.Conflict(conversation.CodeAlreadyExists,
			"the recipient already has conversation %s on this inbox: reply there", c.ConversationID)
	}
	if err := s.ensureContact(ctx, in, c, o.ContactName); err != nil {
		return Started{}, err
	}
	if in.Channel == conversation.ChannelEmail {
		if err := s.cfg.Ledger.SetThread(ctx, c.ConversationID, ledger.Thread{Subject: o.Subject}); err != nil {
			return Started{}, err
		}
	}
	if err := s.cfg.Ledger.RememberContact(ctx, c); err != nil {
		return Started{}, err
	}
	msg := o.Message
	open := conversation.OpenConversation{InboxID: in.ID, Channel: in.Channel, ContactID: c.ContactID, Subject: o.Subject, FirstOutbound: &msg}
	if meta.CommandID == "" {
		meta.CommandID = "channel:outreach:" + c.ConversationID + ":" + msg.MessageID
	}
	res, err := s.cfg.Commands.Conversation(ctx, c.ConversationID, open, meta)
	if errors.Is(err, domain.ErrInvalid) {
		// Refused (a WhatsApp message that is not a template...): forget
		// the recipient so a corrected request starts afresh.
		if ferr := s.cfg.Ledger.ForgetContact(ctx, c); ferr != nil {
			return Started{}, errors.Join(err, ferr)
		}
	}
	if err != nil {
		return Started{}, err
	}
	return Started{ConversationID: c.ConversationID, Result: res}, nil
}

// recipient checks and normalises a recipient into the provider contact id
// inbound traffic from them carries; channels where a business cannot
// write first are refused.
func recipient(ch conversation.Channel, to string) (string, error) {
	to = strings.TrimSpace(to)
	if to == "" {
		return "", domain.Invalid("to", domain.CodeRequired, "is required")
	}
	switch ch {
	case conversation.ChannelWhatsApp, conversation.ChannelSMS:
		digits := strings.Map(func(r rune) rune {
			switch {
			case r >= '0' && r <= '9':
				return r
			case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.':
				return -1
			}
			return 'x'
		}, strings.TrimPrefix(to, "+"))
		if strings.Contains(digits, "x") || len(digits) < 6 || len(digits) > 15 {
			return "", domain.Invalid("to", domain.CodeBadValue, "must be a phone number in international format, e.g. +16505551234")
		}
		if ch == conversation.ChannelSMS {
			return "+" + digits, nil // Twilio's E.164
		}
		return digits, nil // WhatsApp's wa_id
	case conversation.ChannelEmail:
		a, err := mail.ParseAddress(to)
		if err != nil || len(a.Address) > 254 {
			return "", domain.Invalid("to", domain.CodeBadValue, "must be an email address")
		}
		return strings.ToLower(a.Address), nil
	case conversation.ChannelTelegram:
		return "", domain.Invalid("to", CodeNotReachable,
			"a Telegram bot cannot write to a user who has not started it; the conversation opens when they message the bot")
	}
	return "", domain.Invalid("to", CodeNotReachable,
		"%s lets a business write only to people who messaged it first; the conversation opens when they do", ch)
}
