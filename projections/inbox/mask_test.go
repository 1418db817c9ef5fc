package inbox

import (
	"strings"
	"testing"

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
