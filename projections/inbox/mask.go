package inbox

import (
	"strings"
	"unicode/utf8"

	"github.com/parley-inbox/parley/domain/contact"
)

// Mask hides most of a channel handle for viewers without the PII
// permission: phones keep the country code and last four digits
// ("+55 •• •••• 4321"), e-mails the first letter and the domain
// ("j•••@example.com"), other ids their last four characters.
func Mask(kind contact.IdentityKind, value string) string {
	switch kind {
	case contact.KindPhone:
		return maskPhone(value)
	case contact.KindEmail:
		return maskEmail(value)
	}
	if utf8.RuneCountInString(value) <= 4 {
		return "••••"
	}
	r := []rune(value)
	return "•••" + string(r[len(r)-4:])
}

func maskPhone(v string) string {
	digits := Digits(v)
	if len(digits) < 6 {
		return "•••• " + lastN(digits, 2)
	}
	cc := 2
	if digits[0] == '1' || digits[0] == '7' {
		cc = 1
	}
	return "+" + digits[:cc] + " •• •••• " + digits[len(digits)-4:]
}

func maskEmail(v string) string {
	local, domainPart, ok := strings.Cut(v, "@")
	if !ok || local == "" {
		return "•••"
	}
	first, _ := utf8.DecodeRuneInString(local)
	return string(first) + "•••@" + domainPart
}

func lastN(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// Digits keeps the ASCII digits of s (phone search keys).
func Digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SearchKey is how a handle is matched by a contact search prefix: phone
// digits, lower-case anything else.
func SearchKey(kind contact.IdentityKind, value string) string {
	if kind == contact.KindPhone {
		return Digits(value)
	}
	return strings.ToLower(value)
}

// handleKind is the identity kind that reaches a contact on channel.
func handleKind(channel string) contact.IdentityKind {
	switch channel {
	case "whatsapp", "sms":
		return contact.KindPhone
	case "email":
		return contact.KindEmail
	case "telegram":
		return contact.KindTelegramID
	case "messenger":
		return contact.KindPageScopedID
	case "instagram":
		return contact.KindInstagramID
	}
	return ""
}
