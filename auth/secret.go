package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// TokenPrefix starts every API token, so that leaked tokens are easy to
// recognise (secret scanners) and to tell from configured API keys.
const TokenPrefix = "prl_"

// NewToken returns a new token id and the full token to show once.
func NewToken() (id, token string) {
	var idb [8]byte
	_, _ = rand.Read(idb[:]) // crypto/rand.Read never fails
	id = "tk" + hex.EncodeToString(idb[:])
	return id, TokenPrefix + id + "_" + randomString(32)
}

// ParseToken splits a presented token into its id and secret.
func ParseToken(token string) (id, secret string, ok bool) {
	rest, ok := strings.CutPrefix(token, TokenPrefix)
	if !ok || len(token) > 200 {
		return "", "", false
	}
	id, secret, ok = strings.Cut(rest, "_")
	if !ok || len(id) != 18 || !strings.HasPrefix(id, "tk") || len(secret) < 20 {
		return "", "", false
	}
	return id, secret, true
}

// NewSessionID returns a random session id for a cookie.
func NewSessionID() string { return randomString(32) }

// NewCSRFToken returns the random token a session's unsafe requests must echo.
func NewCSRFToken() string { return randomString(24) }

// HashSecret is how token secrets and session ids are stored: SHA-256.
// They are 256-bit random values, so a fast hash is enough.
func HashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// NewPassword returns a random password for a bootstrap administrator.
func NewPassword() string { return randomString(18) }

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)
}
