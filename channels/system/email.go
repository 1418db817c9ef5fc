package system

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/email"
	"github.com/parley-inbox/parley/channels/inboxes"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/domain/conversation"
)

// mailReceiver takes mail from the SMTP listener into the intake: the
// thread decides the conversation (a reply to one of our messages lands
// where that message was sent, whoever answers), attachments go to the
// blob store.
type mailReceiver struct{ sys *System }

var _ email.Receiver = mailReceiver{}

func (r mailReceiver) Inbox(ctx context.Context, address string) (channels.Inbox, error) {
	in, err := r.sys.Admin.Store.ByAddress(ctx, conversation.ChannelEmail, address)
	if errors.Is(err, inboxes.ErrNotFound) {
		return in, email.ErrNoMailbox
	}
	return in, err
}

func (r mailReceiver) Receive(ctx context.Context, in channels.Inbox, p email.Parsed) error {
	lg := r.sys.Admin.Ledger
	contact := p.From
	for _, id := range append([]string{p.InReplyTo}, p.References...) {
		if id == "" {
			continue
		}
		if ref, err := lg.MessageOf(ctx, in.ID, id); err == nil {
			if c, err := lg.ContactOf(ctx, ref.ConversationID); err == nil {
				contact = c.ProviderContactID
				break
			}
		}
	}
	sentAt := p.Date
	if sentAt.IsZero() {
		sentAt = time.Now()
	}
	var msgs []channels.InboundMessage
	add := func(rm conversation.ReceiveMessage) {
		rm.SentAt = sentAt
		msgs = append(msgs, channels.InboundMessage{ProviderContactID: contact, ContactName: p.FromName, Message: rm})
	}
	if text := strings.TrimSpace(p.Text); text != "" || len(p.Attachments) == 0 {
		if text == "" {
			text = "(empty message: " + p.Subject + ")"
		}
		add(conversation.ReceiveMessage{ProviderMessageID: p.MessageID, Type: conversation.TypeText, Text: clip(text, conversation.MaxMessageText)})
	}
	for i, att := range p.Attachments {
		key, err := r.sys.Admin.Media.blobs.Put(ctx, bytes.NewReader(att.Data), att.MimeType)
		if err != nil {
			r.sys.cfg.Logger.Warn("channels: email attachment not kept", "inbox", in.ID, "filename", att.Filename, "error", err)
			continue
		}
		add(conversation.ReceiveMessage{ProviderMessageID: p.MessageID + "#" + strconv.Itoa(i+1), Type: mediaType(att.MimeType),
			Media: &conversation.Media{Ref: BlobRef + key, MimeType: att.MimeType, Filename: clip(att.Filename, 255), Size: int64(len(att.Data))}})
	}
	if err := r.sys.Intake.Accept(ctx, in, channels.Inbound{Messages: msgs}); err != nil {
		return err
	}
	convID := ledger.ConversationID(in.ID, contact)
	t, err := lg.ThreadOf(ctx, convID)
	if err != nil {
		return err
	}
	if t.Subject == "" {
		t.Subject = clip(p.Subject, 500)
	}
	t.LastMessageID = p.MessageID
	t.References = strings.TrimSpace(strings.Join(p.References, " ") + " " + p.MessageID)
	return lg.SetThread(ctx, convID, t)
}

func mediaType(mime string) conversation.MessageType {
	switch kind, _, _ := strings.Cut(mime, "/"); kind {
	case "image":
		return conversation.TypeImage
	case "video":
		return conversation.TypeVideo
	case "audio":
		return conversation.TypeAudio
	}
	return conversation.TypeDocument
}

func clip(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max])
}
