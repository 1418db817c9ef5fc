package audit

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections/inbox"
	"github.com/parley-inbox/parley/query"
)

func (f *convFold) received(ev eventstore.RecordedEvent, e conversation.MessageReceived, at time.Time) {
	c := &f.c
	c.MessageCount++
	f.inbound++
	f.addMessage(e.MessageID, MessageAt{ID: e.MessageID, Direction: string(conversation.Inbound), Kind: string(e.Type),
		Text: e.Text, At: at, Actor: ev.Metadata.Actor, Session: e.Session})
	recv := micro(e.ReceivedAt)
	if recv.IsZero() {
		recv = at
	}
	c.LastMessage = &query.MessagePreview{Preview: preview(e.Text, e.Media, string(e.Type)), Kind: string(e.Type),
		Direction: string(conversation.Inbound), At: recv}
	if c.LastInboundAt == nil || recv.After(*c.LastInboundAt) {
		c.LastInboundAt = &recv
	}
	if c.Channel == string(conversation.ChannelWhatsApp) {
		closes := c.LastInboundAt.Add(conversation.WhatsAppWindow)
		c.WindowClosesAt = &closes
	}
	if c.WaitingSince == nil {
		c.WaitingSince = &recv
	}
}

// sent answers the customer unless a bot sent it (see projections/inbox).
func (f *convFold) sent(ev eventstore.RecordedEvent, e conversation.MessageSent, at time.Time) {
	c := &f.c
	c.MessageCount++
	kind := string(e.Kind)
	if e.Kind == conversation.KindMedia && e.Media != nil {
		kind = "media"
	}
	text := e.Text
	if text == "" && e.Template != nil {
		text = "[template " + e.Template.Name + "]"
	}
	f.addMessage(e.MessageID, MessageAt{ID: e.MessageID, Direction: string(conversation.Outbound), Kind: kind, Text: text,
		Status: string(conversation.StatusQueued), At: at, Actor: ev.Metadata.Actor, Session: e.Session})
	c.LastMessage = &query.MessagePreview{Preview: preview(text, e.Media, kind), Kind: kind, Direction: string(conversation.Outbound), At: at}
	if ev.Metadata.Actor.Kind != string(domain.ActorBot) {
		if c.WaitingSince != nil && c.FirstResponseAt == nil {
			c.FirstResponseAt = &at
		}
		c.WaitingSince = nil
	}
}

func (f *convFold) addMessage(id string, m MessageAt) {
	if _, dup := f.upTo[id]; dup {
		return
	}
	f.upTo[id] = f.inbound
	f.byID[id] = len(f.messages)
	f.messages = append(f.messages, m)
}

// preview is the inbox's last-message preview (projections/inbox).
func preview(text string, media *conversation.Media, kind string) string {
	if text == "" && media != nil {
		text = media.Caption
	}
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return "[" + kind + "]"
	}
	if utf8.RuneCountInString(text) <= inbox.PreviewLen {
		return text
	}
	runes := []rune(text)
	return string(runes[:inbox.PreviewLen-1]) + "…"
}
