package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Password bounds.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256 // bytes: bounds the hashing work an attacker can ask for
)

// ErrWeakPassword is returned for a password outside the bounds.
var ErrWeakPassword = fmt.Errorf("the password must be %d to %d characters", MinPasswordLen, MaxPasswordLen)

// CheckPassword reports whether a new password is acceptable.
func CheckPassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLen || len(pw) > MaxPasswordLen || !utf8.ValidString(pw) {
		return ErrWeakPassword
	}
	return nil
}

// Argon2 parameters (OWASP's argon2id baseline: 19 MiB, 2 passes).
type Argon2 struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultArgon2 is the production cost.
func DefaultArgon2() Argon2 { return Argon2{Memory: 19 * 1024, Time: 2, Threads: 1} }

// Hasher hashes and verifies passwords with argon2id, at most a few at a
// time so that a login flood cannot exhaust memory.
type Hasher struct {
	params Argon2
	slots  chan struct{}
}

// NewHasher returns a hasher running at most concurrent hashes at once.
func NewHasher(params Argon2, concurrent int) *Hasher {
	if concurrent <= 0 {
		concurrent = 4
	}
	return &Hasher{params: params, slots: make(chan struct{}, concurrent)}
}

// Hash returns the PHC string of pw: $argon2id$v=19$m=..,t=..,p=..$salt$hash.
func (h *Hasher) Hash(ctx context.Context, pw string) (string, error) {
	var salt [16]byte
	_, _ = rand.Read(salt[:]) // crypto/rand.Read never fails
	key, err := h.derive(ctx, pw, salt[:], h.params)
	if err != nil {
		return "", err
	}
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, h.params.Memory, h.params.Time, h.params.Threads,
		b64.EncodeToString(salt[:]), b64.EncodeToString(key)), nil
}

// Verify reports whether pw matches the PHC string encoded. An empty
// encoded (no such user) is checked against a dummy hash, so that unknown
// e-mails take as long as wrong passwords.
func (h *Hasher) Verify(ctx context.Context, encoded, pw string) (bool, error) {
	if encoded == "" {
		_, err := h.derive(ctx, pw, make([]byte, 16), h.params)
		return false, err
	}
	params, salt, want, err := parsePHC(encoded)
	if err != nil {
		return false, err
	}
	got, err := h.derive(ctx, pw, salt, params)
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

func (h *Hasher) derive(ctx context.Context, pw string, salt []byte, p Argon2) ([]byte, error) {
	if len(pw) > MaxPasswordLen {
		pw = pw[:MaxPasswordLen]
	}
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("auth: waiting to hash: %w", ctx.Err())
	}
	defer func() { <-h.slots }()
	return argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, 32), nil
}

var errBadHash = errors.New("auth: malformed password hash")

func parsePHC(s string) (Argon2, []byte, []byte, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return Argon2{}, nil, nil, errBadHash
	}
	var v int
	var p Argon2
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return Argon2{}, nil, nil, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil || p.Memory > 1<<20 || p.Time > 16 {
		return Argon2{}, nil, nil, errBadHash
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) == 0 {
		return Argon2{}, nil, nil, errBadHash
	}
	return p, salt, key, nil
}
