package meta

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
)

// ParseWebhook turns messaging events into messages and statuses. Echoes
// (messages the page itself sent) are skipped: Parley's own sends are
// already recorded. Events for another page or account are ignored.
func (a *Adapter) ParseWebhook(in channels.Inbox, req channels.WebhookRequest) (channels.Inbound, error) {
	var p payload
	if err := json.Unmarshal(req.Body, &p); err != nil {
		return channels.Inbound{}, fmt.Errorf("meta: %w: %w", channels.ErrMalformed, err)
	}
	if p.Object != a.object {
		return channels.Inbound{}, fmt.Errorf("meta: %w: object %q, want %q", channels.ErrMalformed, p.Object, a.object)
	}
	var out channels.Inbound
	for _, e := range p.Entry {
		if in.ProviderAccountID != "" && e.ID != in.ProviderAccountID {
			continue
		}
		for _, m := range e.Messaging {
			a.parseEvent(m, &out)
		}
	}
	return out, nil
}

func (a *Adapter) parseEvent(m messaging, out *channels.Inbound) {
	at := time.UnixMilli(m.Timestamp).UTC()
	switch {
	case m.Message != nil && !m.Message.IsEcho:
		if rm, ok := receiveMessage(m.Message, at); ok {
			out.Messages = append(out.Messages, channels.InboundMessage{ProviderContactID: m.Sender.ID, Message: rm})
		}
	case m.Postback != nil && m.Postback.Mid != "":
		rm := conversation.ReceiveMessage{ProviderMessageID: m.Postback.Mid, Type: conversation.TypeInteractive, SentAt: at,
			Interactive: &conversation.Interactive{ReplyID: firstNonEmpty(m.Postback.Payload, m.Postback.Title), Title: m.Postback.Title},
			Referral:    adReferral(m.Postback.Referral)}
		out.Messages = append(out.Messages, channels.InboundMessage{ProviderContactID: m.Sender.ID, Message: rm})
	case m.Delivery != nil:
		for _, mid := range m.Delivery.Mids {
			out.Statuses = append(out.Statuses, channels.StatusUpdate{ProviderMessageID: mid, Status: conversation.StatusDelivered, At: at})
		}
		if len(m.Delivery.Mids) == 0 && m.Delivery.Watermark > 0 {
			out.Statuses = append(out.Statuses, channels.StatusUpdate{ProviderContactID: m.Sender.ID, Status: conversation.StatusDelivered, At: at})
		}
	case m.Read != nil:
		if m.Read.Mid != "" {
			out.Statuses = append(out.Statuses, channels.StatusUpdate{ProviderMessageID: m.Read.Mid, Status: conversation.StatusRead, At: at})
		} else {
			// Messenger reads carry a watermark: everything sent so far is read.
			out.Statuses = append(out.Statuses, channels.StatusUpdate{ProviderContactID: m.Sender.ID, Status: conversation.StatusRead, At: at})
		}
	}
}

func receiveMessage(m *message, at time.Time) (conversation.ReceiveMessage, bool) {
	rm := conversation.ReceiveMessage{ProviderMessageID: m.Mid, SentAt: at, Type: conversation.TypeText, Text: m.Text, Referral: adReferral(m.Referral)}
	if m.QuickReply != nil {
		rm.Type, rm.Text = conversation.TypeInteractive, ""
		rm.Interactive = &conversation.Interactive{ReplyID: m.QuickReply.Payload, Title: m.Text}
		return rm, true
	}
	if len(m.Attachments) > 0 {
		att := m.Attachments[0]
		switch att.Type {
		case "image", "video", "audio", "file":
			typ := conversation.MessageType(att.Type)
			if att.Type == "file" {
				typ = conversation.TypeDocument
			}
			if strings.Contains(att.Payload.URL, "sticker") {
				typ = conversation.TypeSticker
			}
			rm.Type, rm.Media = typ, &conversation.Media{URL: att.Payload.URL, Caption: m.Text}
			rm.Text = ""
		case "location":
			if c := att.Payload.Coordinates; c != nil {
				rm.Type, rm.Text = conversation.TypeLocation, ""
				rm.Location = &conversation.Location{Lat: c.Lat, Lng: c.Long, Name: att.Payload.Title}
			}
		default: // share, story_mention, reel, template, fallback: keep the link as text
			rm.Text = strings.TrimSpace(m.Text + " " + att.Payload.URL)
		}
	}
	return rm, m.Mid != "" && (rm.Type != conversation.TypeText || strings.TrimSpace(rm.Text) != "")
}

func adReferral(r *referral) *conversation.Referral {
	if r == nil {
		return nil
	}
	out := &conversation.Referral{Source: "other", AdID: r.AdID}
	if r.Source == "ADS" || r.AdID != "" {
		out.Source = "meta_ads"
	}
	if r.AdsContextData != nil {
		out.Headline = r.AdsContextData.AdTitle
	}
	return out
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// Accounts returns the page or Instagram account ids a delivery concerns.
func (a *Adapter) Accounts(req channels.WebhookRequest) ([]string, error) {
	var p payload
	if err := json.Unmarshal(req.Body, &p); err != nil {
		return nil, fmt.Errorf("meta: %w: %w", channels.ErrMalformed, err)
	}
	var ids []string
	for _, e := range p.Entry {
		if e.ID != "" && !slices.Contains(ids, e.ID) {
			ids = append(ids, e.ID)
		}
	}
	return ids, nil
}
