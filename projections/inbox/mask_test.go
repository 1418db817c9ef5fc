package inbox

import (
	"strings"
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
)

func TestMask(t *testing.T) {
	for _, tc := range []struct {
		kind        contact.IdentityKind
		value, want string
	}{
		{contact.KindPhone, "+5511987654321", "+55 •• •••• 4321"},
		{contact.KindPhone, "+14155550123", "+1 •• •••• 0123"},
		{contact.KindEmail, "john@example.com", "j•••@example.com"},
		{contact.KindTelegramID, "123456789", "•••6789"},
		{contact.KindInstagramID, "12", "••••"},
	} {
		if got := Mask(tc.kind, tc.value); got != tc.want {
			t.Errorf("Mask(%s, %q) = %q, want %q", tc.kind, tc.value, got, tc.want)
		}
	}
}

func TestPreview(t *testing.T) {
	long := strings.Repeat("é", 300)
	for _, tc := range []struct {
		text  string
		media *conversation.Media
		kind  string
		want  string
	}{
		{"hello\n  world", nil, "text", "hello world"},
		{"", &conversation.Media{URL: "u"}, "image", "[image]"},
		{"", &conversation.Media{URL: "u", Caption: "look"}, "image", "look"},
		{long, nil, "text", strings.Repeat("é", PreviewLen-1) + "…"},
	} {
		if got := preview(tc.text, tc.media, tc.kind); got != tc.want {
			t.Errorf("preview(%.10q, %s) = %.20q, want %.20q", tc.text, tc.kind, got, tc.want)
		}
	}
}

// An agent's message shows as its text, else what it is: a template by
// name, a reaction by its emoji (or its removal).
func TestSentPreview(t *testing.T) {
	noop := func(string, int32) {}
	for _, tc := range []struct {
		msg  conversation.MessageSent
		want string
	}{
		{conversation.MessageSent{MessageID: "a", Kind: conversation.KindText, Text: "hi"}, "hi"},
		{conversation.MessageSent{MessageID: "b", Kind: conversation.KindTemplate, Template: &conversation.Template{Name: "order_update"}}, "[template order_update]"},
		{conversation.MessageSent{MessageID: "c", Kind: conversation.KindReaction, Reaction: &conversation.Reaction{MessageID: "m", Emoji: "👍"}}, "reacted 👍"},
		{conversation.MessageSent{MessageID: "d", Kind: conversation.KindReaction, Reaction: &conversation.Reaction{MessageID: "m", Remove: true}}, "removed a reaction"},
	} {
		if got := sent(convRow{}, tc.msg, "agent", time.Now(), noop).Preview; got != tc.want {
			t.Errorf("%s: preview %q, want %q", tc.msg.MessageID, got, tc.want)
		}
	}
}
