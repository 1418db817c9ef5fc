package domain

import (
	"strings"
	"testing"
)

func TestCheckers(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  *Error
		code string // "" means valid
	}{
		{"id", CheckID("f", "agent-1.x:y_z@q"), ""},
		{"empty id", CheckID("f", ""), CodeRequired},
		{"long id", CheckID("f", strings.Repeat("a", MaxIDLen+1)), CodeTooLong},
		{"id with a slash", CheckID("f", "a/b"), CodeBadID},
		{"id with unicode", CheckID("f", "ñ"), CodeBadID},
		{"optional id", CheckOptionalID("f", ""), ""},
		{"text", CheckText("f", "hola\nqué tal\t!", 20, true), ""},
		{"blank required text", CheckText("f", " \n", 20, true), CodeRequired},
		{"blank optional text", CheckText("f", "", 20, false), ""},
		{"text counted in runes", CheckText("f", strings.Repeat("é", 20), 20, true), ""},
		{"text too long", CheckText("f", strings.Repeat("é", 21), 20, true), CodeTooLong},
		{"control character", CheckText("f", "a\x07", 20, true), CodeBadText},
		{"invalid utf-8", CheckText("f", "a\xff", 20, true), CodeBadText},
		{"url", CheckURL("f", "https://example.com/x?y=1"), ""},
		{"empty url", CheckURL("f", ""), ""},
		{"javascript url", CheckURL("f", "javascript:alert(1)"), CodeBadURL},
		{"url with space", CheckURL("f", "https://a b"), CodeBadURL},
		{"tag", CheckTag("f", "VIP cliente"), ""},
		{"tag of 64", CheckTag("f", strings.Repeat("t", MaxTagLen)), ""},
		{"tag of 65", CheckTag("f", strings.Repeat("t", MaxTagLen+1)), CodeTooLong},
		{"tag with a comma", CheckTag("f", "a,b"), CodeBadTag},
		{"tag with outer space", CheckTag("f", "a "), CodeBadTag},
		{"empty tag", CheckTag("f", ""), CodeRequired},
	} {
		t.Run(tc.name, func(t *testing.T) {
			switch {
			case tc.code == "" && tc.err != nil:
				t.Fatalf("unexpected %v", tc.err)
			case tc.code != "" && (tc.err == nil || tc.err.Code != tc.code || tc.err.Field != "f" || tc.err.Kind != KindInvalid):
				t.Fatalf("want invalid %s on f, got %+v", tc.code, tc.err)
			}
		})
	}
}

func TestFindTag(t *testing.T) {
	tags := []string{"VIP", "Ñandú"}
	if FindTag(tags, "vip") != 0 || FindTag(tags, "ñANDÚ") != 1 || FindTag(tags, "refund") != -1 {
		t.Fatal("FindTag must compare case-insensitively")
	}
}
