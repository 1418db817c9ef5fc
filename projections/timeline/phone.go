package timeline

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// PhoneHasher turns a phone number into the keyed hash analysts may join
// on; the number itself is never indexed. The key is a deployment secret
// (PARLEY_ANALYTICS_KEY): without it the hash cannot be reversed by trying
// every number.
type PhoneHasher struct {
	key []byte
}

// NewPhoneHasher returns a hasher with key.
func NewPhoneHasher(key []byte) PhoneHasher { return PhoneHasher{key: append([]byte(nil), key...)} }

// Hash is the hex HMAC-SHA256 of the number's digits (first 32 characters).
func (p PhoneHasher) Hash(phone string) string {
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(digits(phone)))
	return hex.EncodeToString(m.Sum(nil))[:32]
}

// LastDigits is the last four digits of a phone number.
func LastDigits(phone string) string {
	d := digits(phone)
	if len(d) > 4 {
		d = d[len(d)-4:]
	}
	return d
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
