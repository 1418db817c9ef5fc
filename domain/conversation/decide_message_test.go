package conversation

import (
	"strings"
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain"
)

func TestDecideReceiveMessage(t *testing.T) {
	msg := ReceiveMessage{MessageID: "m2", Type: TypeText, Text: "again", SentAt: t0}
	wantMsg := func(session int) MessageReceived {
		return MessageReceived{MessageID: "m2", Type: TypeText, Text: "again", SentAt: t0, ReceivedAt: t0, Session: session}
	}
	image := ReceiveMessage{MessageID: "m3", Type: TypeImage, SentAt: t0, Media: &Media{URL: "https://cdn.example/a.jpg", MimeType: "image/jpeg", Size: 1024},
		Referral: &Referral{Source: "meta_ads", AdID: "ad-9", Headline: "Spring sale", URL: "https://example.com/sale"}}
	runDecide(t, []decideCase{
		{Name: "inbound on an open conversation", Given: opened(ChannelWhatsApp), When: msg, Then: ev(wantMsg(1))},
		{Name: "inbound on a closed conversation reopens it in a new session",
			Given: given(opened(ChannelWhatsApp), ev(Closed{Session: 1})), When: msg,
			Then: ev(Reopened{From: StatusClosed, Trigger: "inbound_message", Session: 2}, SessionStarted{Session: 2, StartedAt: t0}, wantMsg(2))},
		{Name: "inbound on a snoozed conversation reopens it in a new session",
			Given: given(opened(ChannelWhatsApp), ev(Snoozed{Until: t0.Add(time.Hour)})), When: msg,
			Then: ev(Reopened{From: StatusSnoozed, Trigger: "inbound_message", Session: 2}, SessionStarted{Session: 2, StartedAt: t0}, wantMsg(2))},
		{Name: "inbound on a bot-owned conversation keeps it pending", Given: ev(Opened{InboxID: "i", Channel: ChannelSMS, ContactID: "c", BotID: "b"}, SessionStarted{Session: 1}),
			When: msg, Then: ev(wantMsg(1))},
		{Name: "the same message id again is a no-op", Given: given(opened(ChannelWhatsApp), ev(inbound("m2", t0))), When: msg},
		{Name: "image with an ad referral", Given: opened(ChannelInstagram), When: image,
			Then: ev(MessageReceived{MessageID: "m3", Type: TypeImage, Media: image.Media, Referral: image.Referral, SentAt: t0, ReceivedAt: t0, Session: 1})},
		{Name: "not found", When: msg, Kind: domain.KindNotFound, Code: CodeNotFound},
		{Name: "text of 10,000 runes is fine", Given: opened(ChannelSMS),
			When: ReceiveMessage{MessageID: "m9", Type: TypeText, Text: strings.Repeat("ñ", MaxMessageText), SentAt: t0},
			Then: ev(MessageReceived{MessageID: "m9", Type: TypeText, Text: strings.Repeat("ñ", MaxMessageText), SentAt: t0, ReceivedAt: t0, Session: 1})},
		{Name: "text of 10,001 runes", Given: opened(ChannelSMS), When: ReceiveMessage{MessageID: "m9", Type: TypeText, Text: strings.Repeat("ñ", MaxMessageText+1), SentAt: t0},
			Kind: domain.KindInvalid, Code: domain.CodeTooLong, Field: "text"},
		{Name: "image without media", Given: opened(ChannelSMS), When: ReceiveMessage{MessageID: "m9", Type: TypeImage, SentAt: t0},
			Kind: domain.KindInvalid, Code: CodeMissingContent, Field: "media"},
		{Name: "location out of range", Given: opened(ChannelSMS), When: ReceiveMessage{MessageID: "m9", Type: TypeLocation, SentAt: t0, Location: &Location{Lat: 91}},
			Kind: domain.KindInvalid, Code: domain.CodeBadValue, Field: "location.lat"},
		{Name: "product without ids", Given: opened(ChannelSMS), When: ReceiveMessage{MessageID: "m9", Type: TypeProduct, SentAt: t0, Product: &Product{CatalogID: "cat"}},
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "product.product_id"},
		{Name: "contact card without a name", Given: opened(ChannelSMS), When: ReceiveMessage{MessageID: "m9", Type: TypeContact, SentAt: t0, Contact: &ContactCard{Phones: []string{"+1"}}},
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "contact.name"},
		{Name: "interactive without reply", Given: opened(ChannelSMS), When: ReceiveMessage{MessageID: "m9", Type: TypeInteractive, SentAt: t0},
			Kind: domain.KindInvalid, Code: CodeMissingContent, Field: "interactive"},
		{Name: "unknown type", Given: opened(ChannelSMS), When: ReceiveMessage{MessageID: "m9", Type: "fax", SentAt: t0},
			Kind: domain.KindInvalid, Code: CodeBadEnum, Field: "type"},
		{Name: "unknown referral source", Given: opened(ChannelSMS), When: ReceiveMessage{MessageID: "m9", Type: TypeText, Text: "x", SentAt: t0, Referral: &Referral{Source: "billboard"}},
			Kind: domain.KindInvalid, Code: CodeBadEnum, Field: "referral.source"},
		{Name: "missing sent_at", Given: opened(ChannelSMS), When: ReceiveMessage{MessageID: "m9", Type: TypeText, Text: "x"},
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "sent_at"},
	})
}

func TestDecideSendMessage(t *testing.T) {
	recent := given(opened(ChannelWhatsApp), ev(inbound("in-1", t0.Add(-23*time.Hour))))
	stale := given(opened(ChannelWhatsApp), ev(inbound("in-1", t0.Add(-25*time.Hour))))
	template := SendMessage{MessageID: "out-1", Kind: KindTemplate, Template: &Template{Name: "follow_up", Language: "en", Params: []string{"Ana"}}}
	runDecide(t, []decideCase{
		{Name: "free-form inside the WhatsApp window", Given: recent, When: textReply("out-1"),
			Then: ev(MessageSent{MessageID: "out-1", Kind: KindText, Text: "hello", Session: 1})},
		{Name: "free-form outside the WhatsApp window", Given: stale, When: textReply("out-1"),
			Kind: domain.KindConflict, Code: CodeWhatsAppWindowClosed, Msg: "closed at 2026-03-01T09:00:00Z"},
		{Name: "free-form exactly 24h after", Given: given(opened(ChannelWhatsApp), ev(inbound("in-1", t0.Add(-24*time.Hour)))),
			When: textReply("out-1"), Kind: domain.KindConflict, Code: CodeWhatsAppWindowClosed},
		{Name: "free-form before any inbound", Given: opened(ChannelWhatsApp), When: textReply("out-1"),
			Kind: domain.KindConflict, Code: CodeWhatsAppWindowClosed, Msg: "has not written"},
		{Name: "template outside the window", Given: stale, When: template,
			Then: ev(MessageSent{MessageID: "out-1", Kind: KindTemplate, Template: template.Template, Session: 1})},
		{Name: "no window outside WhatsApp", Given: opened(ChannelTelegram), When: textReply("out-1"),
			Then: ev(MessageSent{MessageID: "out-1", Kind: KindText, Text: "hello", Session: 1})},
		{Name: "quick reply", Given: opened(ChannelSMS), When: SendMessage{MessageID: "out-1", Kind: KindQuickReply, QuickReplyID: "qr-1", Text: "Thanks!"},
			Then: ev(MessageSent{MessageID: "out-1", Kind: KindQuickReply, QuickReplyID: "qr-1", Text: "Thanks!", Session: 1})},
		{Name: "media", Given: opened(ChannelSMS), When: SendMessage{MessageID: "out-1", Kind: KindMedia, Media: &Media{Ref: "upload-1", MimeType: "application/pdf"}},
			Then: ev(MessageSent{MessageID: "out-1", Kind: KindMedia, Media: &Media{Ref: "upload-1", MimeType: "application/pdf"}, Session: 1})},
		{Name: "contacts cannot send outbound messages", Given: recent, By: domain.Actor{Kind: domain.ActorContact, ID: "contact-1"},
			When: textReply("out-1"), Kind: domain.KindForbidden, Code: CodeStaffOnly},
		{Name: "a bot may send", Given: recent, By: domain.Actor{Kind: domain.ActorBot, ID: "bot-1"}, When: textReply("out-1"),
			Then: ev(MessageSent{MessageID: "out-1", Kind: KindText, Text: "hello", Session: 1})},
		{Name: "on a closed conversation", Given: given(recent, ev(Closed{Session: 1})), When: textReply("out-1"), Kind: domain.KindConflict, Code: CodeClosed},
		{Name: "an existing message id", Given: given(recent, ev(MessageSent{MessageID: "out-1", Kind: KindText})), When: textReply("out-1"),
			Kind: domain.KindConflict, Code: CodeMessageExists},
		{Name: "template kind without template", Given: recent, When: SendMessage{MessageID: "out-1", Kind: KindTemplate},
			Kind: domain.KindInvalid, Code: CodeMissingContent, Field: "template"},
		{Name: "template without language", Given: recent, When: SendMessage{MessageID: "out-1", Kind: KindTemplate, Template: &Template{Name: "x"}},
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "template.language"},
		{Name: "template on a text message", Given: recent, When: SendMessage{MessageID: "out-1", Kind: KindText, Text: "x", Template: template.Template},
			Kind: domain.KindInvalid, Code: domain.CodeBadValue, Field: "template"},
		{Name: "empty text", Given: recent, When: SendMessage{MessageID: "out-1", Kind: KindText, Text: "  "},
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "text"},
		{Name: "media url not http", Given: recent, When: SendMessage{MessageID: "out-1", Kind: KindMedia, Media: &Media{URL: "file:///etc/passwd"}},
			Kind: domain.KindInvalid, Code: domain.CodeBadURL, Field: "media.url"},
	})
}

func TestDecideDeliveryStatus(t *testing.T) {
	sentMsg := given(opened(ChannelSMS), ev(inbound("in-1", t0), MessageSent{MessageID: "out-1", Kind: KindText, Text: "x", Session: 1}))
	with := func(st DeliveryStatus) []domain.Event {
		return given(sentMsg, ev(DeliveryStatusRecorded{MessageID: "out-1", Status: st, At: t0}))
	}
	rec := func(st DeliveryStatus) RecordDeliveryStatus {
		return RecordDeliveryStatus{MessageID: "out-1", Status: st}
	}
	runDecide(t, []decideCase{
		{Name: "queued to sent", Given: sentMsg, When: rec(StatusSent), Then: ev(DeliveryStatusRecorded{MessageID: "out-1", Status: StatusSent, At: t0})},
		{Name: "sent to read skips delivered", Given: with(StatusSent), When: rec(StatusRead), Then: ev(DeliveryStatusRecorded{MessageID: "out-1", Status: StatusRead, At: t0})},
		{Name: "late delivered after read is a no-op", Given: with(StatusRead), When: rec(StatusDelivered)},
		{Name: "repeated status is a no-op", Given: with(StatusDelivered), When: rec(StatusDelivered)},
		{Name: "late queued is a no-op", Given: sentMsg, When: rec(StatusQueued)},
		{Name: "failed after sent", Given: with(StatusSent), When: RecordDeliveryStatus{MessageID: "out-1", Status: StatusFailed, Reason: "number unreachable", ErrorCode: "131026"},
			Then: ev(DeliveryStatusRecorded{MessageID: "out-1", Status: StatusFailed, Reason: "number unreachable", ErrorCode: "131026", At: t0})},
		{Name: "failed after delivered is a no-op", Given: with(StatusDelivered), When: rec(StatusFailed)},
		{Name: "failed is terminal", Given: with(StatusFailed), When: rec(StatusRead)},
		{Name: "unknown message", Given: sentMsg, When: RecordDeliveryStatus{MessageID: "nope", Status: StatusSent},
			Kind: domain.KindNotFound, Code: CodeMessageNotFound},
		{Name: "inbound message", Given: sentMsg, When: RecordDeliveryStatus{MessageID: "in-1", Status: StatusSent},
			Kind: domain.KindInvalid, Code: CodeNotOutbound, Field: "message_id"},
		{Name: "unknown status", Given: sentMsg, When: rec("bounced"), Kind: domain.KindInvalid, Code: CodeBadEnum, Field: "status"},
	})
}

func TestDeliveryStatusState(t *testing.T) {
	s := fold(given(opened(ChannelSMS), ev(MessageSent{MessageID: "o", Kind: KindText},
		DeliveryStatusRecorded{MessageID: "o", Status: StatusDelivered})))
	if got := s.Messages["o"].Status; got != StatusDelivered {
		t.Fatalf("status = %s", got)
	}
}
