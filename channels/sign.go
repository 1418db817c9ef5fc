package channels

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
)

// MetaSignature is the X-Hub-Signature-256 value Meta sends for body:
// "sha256=" + hex HMAC-SHA256 keyed with the app secret.
func MetaSignature(appSecret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(appSecret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// VerifyMeta checks an X-Hub-Signature-256 header in constant time.
func VerifyMeta(appSecret string, body []byte, header string) bool {
	if appSecret == "" || header == "" {
		return false
	}
	return hmac.Equal([]byte(MetaSignature(appSecret, body)), []byte(header))
}

// TwilioSignature is the X-Twilio-Signature for a form POST to fullURL:
// base64 HMAC-SHA1 of the URL followed by every parameter name and value,
// names sorted.
func TwilioSignature(authToken, fullURL string, form url.Values) string {
	var b strings.Builder
	b.WriteString(fullURL)
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range form[k] {
			b.WriteString(k)
			b.WriteString(v)
		}
	}
	m := hmac.New(sha1.New, []byte(authToken))
	m.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// VerifyTwilio checks an X-Twilio-Signature header in constant time.
func VerifyTwilio(authToken, fullURL string, form url.Values, header string) bool {
	if authToken == "" || header == "" {
		return false
	}
	return hmac.Equal([]byte(TwilioSignature(authToken, fullURL, form)), []byte(header))
}

// VerifyToken compares a shared secret token (Telegram's secret token,
// Meta's verify token) in constant time.
func VerifyToken(want, got string) bool {
	return want != "" && hmac.Equal([]byte(want), []byte(got))
}
