package conversation

import (
	"strings"
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain"
)

func TestDecideOpen(t *testing.T) {
	first := ReceiveMessage{MessageID: "m1", Type: TypeText, Text: "hola", SentAt: t0.Add(-time.Second)}
	template := SendMessage{MessageID: "m1", Kind: KindTemplate, Template: &Template{Name: "welcome", Language: "es"}}
	open := OpenConversation{InboxID: "inbox-1", Channel: ChannelWhatsApp, ContactID: "contact-1"}
	withInbound, withTemplate, withText := open, open, open
	withInbound.FirstInbound = &first
	withTemplate.FirstOutbound = &template
	withText.FirstOutbound = &SendMessage{MessageID: "m1", Kind: KindText, Text: "hi"}
	email := OpenConversation{InboxID: "inbox-2", Channel: ChannelEmail, ContactID: "contact-1", Subject: "Invoice"}
	both := withInbound
	both.FirstOutbound = &template
	runDecide(t, []decideCase{
		{Name: "first inbound message opens session 1", By: domain.Actor{Kind: domain.ActorContact, ID: "contact-1"}, When: withInbound,
			Then: ev(Opened{InboxID: "inbox-1", Channel: ChannelWhatsApp, ContactID: "contact-1", InitiatedBy: "contact"},
				SessionStarted{Session: 1, StartedAt: t0},
				MessageReceived{MessageID: "m1", Type: TypeText, Text: "hola", SentAt: t0.Add(-time.Second), ReceivedAt: t0, Session: 1})},
		{Name: "agent-initiated WhatsApp open with a template", When: withTemplate,
			Then: ev(Opened{InboxID: "inbox-1", Channel: ChannelWhatsApp, ContactID: "contact-1", InitiatedBy: "agent"},
				SessionStarted{Session: 1, StartedAt: t0},
				MessageSent{MessageID: "m1", Kind: KindTemplate, Template: template.Template, Session: 1})},
		{Name: "agent-initiated WhatsApp open needs a template", When: withText,
			Kind: domain.KindInvalid, Code: CodeTemplateRequired, Field: "first_outbound"},
		{Name: "agent-initiated WhatsApp open without a message", When: open,
			Kind: domain.KindInvalid, Code: CodeTemplateRequired, Field: "first_outbound"},
		{Name: "agent-initiated email open needs no message", When: email,
			Then: ev(Opened{InboxID: "inbox-2", Channel: ChannelEmail, ContactID: "contact-1", Subject: "Invoice", InitiatedBy: "agent"},
				SessionStarted{Session: 1, StartedAt: t0})},
		{Name: "bot-owned open", When: OpenConversation{InboxID: "inbox-1", Channel: ChannelTelegram, ContactID: "c", BotID: "bot-1"},
			Then: ev(Opened{InboxID: "inbox-1", Channel: ChannelTelegram, ContactID: "c", InitiatedBy: "agent", BotID: "bot-1"},
				SessionStarted{Session: 1, StartedAt: t0})},
		{Name: "open on an existing conversation", Given: opened(ChannelSMS), When: email,
			Kind: domain.KindConflict, Code: CodeAlreadyExists},
		{Name: "both first messages", When: both, Kind: domain.KindInvalid, Code: domain.CodeBadValue, Field: "first_outbound"},
		{Name: "nested field is named", When: OpenConversation{InboxID: "i", Channel: ChannelSMS, ContactID: "c",
			FirstInbound: &ReceiveMessage{MessageID: "m1", Type: TypeText, SentAt: t0}},
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "first_inbound.text"},
		{Name: "unknown channel", When: OpenConversation{InboxID: "i", Channel: "fax", ContactID: "c"},
			Kind: domain.KindInvalid, Code: CodeBadEnum, Field: "channel"},
		{Name: "bad inbox id", When: OpenConversation{InboxID: "in box", Channel: ChannelSMS, ContactID: "c"},
			Kind: domain.KindInvalid, Code: domain.CodeBadID, Field: "inbox_id"},
	})
}

func TestOpenedState(t *testing.T) {
	s := fold(ev(Opened{InboxID: "i", Channel: ChannelTelegram, ContactID: "c", BotID: "bot-1"}, SessionStarted{Session: 1, StartedAt: t0}))
	if s.Status != StatusPending || !s.BotOwned || s.Session != 1 || !s.SessionStartedAt.Equal(t0) || s.Priority != PriorityNone {
		t.Fatalf("bot-owned open: %+v", s)
	}
}

func TestDecideCloseReopenSnooze(t *testing.T) {
	closed := given(opened(ChannelSMS), ev(Closed{Session: 1}))
	snoozed := given(opened(ChannelSMS), ev(Snoozed{Until: t0.Add(time.Hour)}))
	runDecide(t, []decideCase{
		{Name: "close", Given: opened(ChannelSMS), When: Close{Reason: "solved"}, Then: ev(Closed{Session: 1, Reason: "solved"})},
		{Name: "close a closed conversation", Given: closed, When: Close{}, Kind: domain.KindConflict, Code: CodeAlreadyClosed},
		{Name: "close reason too long", Given: opened(ChannelSMS), When: Close{Reason: strings.Repeat("é", 501)},
			Kind: domain.KindInvalid, Field: "reason", Code: domain.CodeTooLong},
		{Name: "reopen a closed conversation starts session 2", Given: closed, When: Reopen{},
			Then: ev(Reopened{From: StatusClosed, Trigger: "agent", Session: 2}, SessionStarted{Session: 2, StartedAt: t0})},
		{Name: "reopen a snoozed conversation", Given: snoozed, When: Reopen{},
			Then: ev(Reopened{From: StatusSnoozed, Trigger: "agent", Session: 2}, SessionStarted{Session: 2, StartedAt: t0})},
		{Name: "reopen an open conversation", Given: opened(ChannelSMS), When: Reopen{}, Kind: domain.KindConflict, Code: CodeNotReopenable},
		{Name: "snooze", Given: opened(ChannelSMS), When: Snooze{Until: t0.Add(2 * time.Hour)}, Then: ev(Snoozed{Until: t0.Add(2 * time.Hour)})},
		{Name: "snooze again moves the time", Given: snoozed, When: Snooze{Until: t0.Add(3 * time.Hour)}, Then: ev(Snoozed{Until: t0.Add(3 * time.Hour)})},
		{Name: "snooze into the past", Given: opened(ChannelSMS), When: Snooze{Until: t0.Add(-time.Minute)},
			Kind: domain.KindInvalid, Code: CodeNotInFuture, Field: "until"},
		{Name: "snooze until now", Given: opened(ChannelSMS), When: Snooze{Until: t0}, Kind: domain.KindInvalid, Code: CodeNotInFuture, Field: "until"},
		{Name: "snooze without a time", Given: opened(ChannelSMS), When: Snooze{}, Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "until"},
		{Name: "snooze a closed conversation", Given: closed, When: Snooze{Until: t0.Add(time.Hour)}, Kind: domain.KindConflict, Code: CodeClosed},
	})
}

func TestSessionsAcrossReopen(t *testing.T) {
	s := fold(given(opened(ChannelSMS), ev(Snoozed{Until: t0.Add(time.Hour)}, Closed{Session: 1},
		Reopened{From: StatusClosed, Trigger: "agent", Session: 2}, SessionStarted{Session: 2, StartedAt: t0})))
	if s.Status != StatusOpen || s.Session != 2 || !s.SessionStartedAt.Equal(t0) || !s.SnoozedUntil.IsZero() {
		t.Fatalf("after reopen: %+v", s)
	}
}

func TestDecideHandOffAndPriority(t *testing.T) {
	bot := ev(Opened{InboxID: "i", Channel: ChannelWhatsApp, ContactID: "c", BotID: "bot-1"}, SessionStarted{Session: 1, StartedAt: t0})
	runDecide(t, []decideCase{
		{Name: "hand off a bot-owned conversation", Given: bot, By: domain.Actor{Kind: domain.ActorBot, ID: "bot-1"},
			When: HandOff{Reason: "asked for a human", TeamID: "billing"},
			Then: ev(HandedOff{BotID: "bot-1", Reason: "asked for a human", TeamID: "billing"})},
		{Name: "hand off a human conversation", Given: opened(ChannelSMS), When: HandOff{}, Kind: domain.KindConflict, Code: CodeNotBotOwned},
		{Name: "hand off twice", Given: given(bot, ev(HandedOff{BotID: "bot-1"})), When: HandOff{}, Kind: domain.KindConflict, Code: CodeNotBotOwned},
		{Name: "set priority", Given: opened(ChannelSMS), When: SetPriority{Priority: PriorityUrgent},
			Then: ev(PrioritySet{Priority: PriorityUrgent, Previous: PriorityNone})},
		{Name: "same priority is a no-op", Given: given(opened(ChannelSMS), ev(PrioritySet{Priority: PriorityHigh})),
			When: SetPriority{Priority: PriorityHigh}},
		{Name: "unknown priority", Given: opened(ChannelSMS), When: SetPriority{Priority: "critical"},
			Kind: domain.KindInvalid, Code: CodeBadEnum, Field: "priority"},
	})
	s := fold(given(bot, ev(HandedOff{BotID: "bot-1", TeamID: "billing"})))
	if s.Status != StatusOpen || s.BotOwned || s.TeamID != "billing" {
		t.Fatalf("after hand-off: %+v", s)
	}
}
