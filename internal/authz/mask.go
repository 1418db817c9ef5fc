package authz

import (
	"strings"
	"unicode/utf8"
)

// MaskPhone hides a phone number but its country code and last four digits:
// "+5511998764321" becomes "+55 •• •••• 4321". Short or odd values keep at
// most their last two digits.
func MaskPhone(v string) string {
	digits := digitsOf(v)
	if len(digits) < 6 {
		return "•••• " + lastN(digits, 2)
	}
	cc := 2
	if digits[0] == '1' || digits[0] == '7' { // NANP and Russia/Kazakhstan
		cc = 1
	}
	return "+" + digits[:cc] + " •• •••• " + digits[len(digits)-4:]
}

// MaskEmail keeps an address's first character and its domain:
// "jane@example.com" becomes "j•••@example.com".
func MaskEmail(v string) string {
	local, domain, ok := strings.Cut(v, "@")
	if !ok || local == "" {
		return "•••"
	}
	first, _ := utf8.DecodeRuneInString(local)
	return string(first) + "•••@" + domain
}

// MaskHandle hides any other channel handle but its last four characters.
func MaskHandle(v string) string {
	if utf8.RuneCountInString(v) <= 4 {
		return "••••"
	}
	r := []rune(v)
	return "•••" + string(r[len(r)-4:])
}

// Mask masks a handle of kind ("phone", "email", anything else) unless s
// may see PII.
func Mask(s Subject, kind, v string) string {
	if s.Can(ViewPII) {
		return v
	}
	switch kind {
	case "phone":
		return MaskPhone(v)
	case "email":
		return MaskEmail(v)
	}
	return MaskHandle(v)
}

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func lastN(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
