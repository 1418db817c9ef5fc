package live

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPreview(t *testing.T) {
	long := strings.Repeat("é", PreviewRunes+10)
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"  hi\n\tthere  ", "hi there"},
		{strings.Repeat("a", PreviewRunes), strings.Repeat("a", PreviewRunes)},
		{long, strings.Repeat("é", PreviewRunes-1) + "…"},
	} {
		got := preview(tc.in)
		if got != tc.want {
			t.Errorf("preview(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if utf8.RuneCountInString(got) > PreviewRunes {
			t.Errorf("preview(%q) has %d runes", tc.in, utf8.RuneCountInString(got))
		}
	}
}

func TestHandles(t *testing.T) {
	for typ, want := range map[string]bool{
		"conversation.closed": true, "contact.merged_into": true, "inbox.created": false, "conversationx": false,
	} {
		if got := handles(typ); got != want {
			t.Errorf("handles(%q) = %v", typ, got)
		}
	}
}
