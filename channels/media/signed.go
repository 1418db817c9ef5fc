package media

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// Signer makes and checks short-lived signed blob URLs.
type Signer struct {
	key []byte
	ttl time.Duration
}

// NewSigner returns a signer; ttl defaults to 5 minutes.
func NewSigner(key []byte, ttl time.Duration) *Signer {
	if ttl <= 0 {
		ttl = 5 * time.Minute
	}
	return &Signer{key: key, ttl: ttl}
}

// URL returns base + "/media/{key}?exp=...&sig=..." valid until now+ttl.
func (s *Signer) URL(base, key string, now time.Time) (string, time.Time) {
	exp := now.Add(s.ttl).Truncate(time.Second)
	q := url.Values{"exp": {strconv.FormatInt(exp.Unix(), 10)}, "sig": {s.sign(key, exp.Unix())}}
	return fmt.Sprintf("%s/media/%s?%s", base, key, q.Encode()), exp
}

// Valid reports whether a URL's exp and sig grant key at now.
func (s *Signer) Valid(key, exp, sig string, now time.Time) bool {
	n, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || now.Unix() > n {
		return false
	}
	return hmac.Equal([]byte(s.sign(key, n)), []byte(sig))
}

func (s *Signer) sign(key string, exp int64) string {
	m := hmac.New(sha256.New, s.key)
	fmt.Fprintf(m, "%s\x00%d", key, exp)
	return hex.EncodeToString(m.Sum(nil))
}
