package query

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/parley-inbox/parley/domain"
)

// cursor is the position after the last row of a page: the sort's key
// values and the row id. It is bound to the sort and to a digest of the
// filters (and viewer) it was issued for.
type cursor struct {
	Sort     string `json:"s"`
	Filters  string `json:"f"`
	Time     int64  `json:"t"`           // sort time, unix microseconds
	Priority int16  `json:"p,omitempty"` // sort=priority only
	ID       string `json:"id"`
}

const maxCursorLen = 512

// encodeCursor signs c: base64url(json) "." base64url(HMAC-SHA256).
func (s *Service) encodeCursor(c cursor) string {
	payload, _ := json.Marshal(c) // a cursor always marshals
	return base64.RawURLEncoding.EncodeToString(payload) + "." + base64.RawURLEncoding.EncodeToString(s.sign(payload))
}

func (s *Service) sign(payload []byte) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("parley.cursor.v1\x00"))
	m.Write(payload)
	return m.Sum(nil)
}

// decodeCursor verifies a cursor and that it belongs to this sort and these
// filters; any failure is an invalid "cursor" parameter.
func (s *Service) decodeCursor(raw, sort, filters string) (cursor, error) {
	bad := func(msg string) error {
		return domain.Invalid("cursor", CodeInvalidCursor, "%s", msg)
	}
	if len(raw) > maxCursorLen {
		return cursor{}, bad("is too long")
	}
	p64, sig64, ok := strings.Cut(raw, ".")
	if !ok {
		return cursor{}, bad("is malformed")
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p64)
	sig, err2 := base64.RawURLEncoding.DecodeString(sig64)
	if err1 != nil || err2 != nil {
		return cursor{}, bad("is malformed")
	}
	if !hmac.Equal(sig, s.sign(payload)) {
		return cursor{}, bad("was not issued by this server or was altered")
	}
	var c cursor
	if err := json.Unmarshal(payload, &c); err != nil || c.ID == "" {
		return cursor{}, bad("is malformed")
	}
	if c.Sort != sort {
		return cursor{}, bad("belongs to sort=" + c.Sort + "; pass the same sort, or start again without a cursor")
	}
	if c.Filters != filters {
		return cursor{}, bad("belongs to other filters; pass the same filters, or start again without a cursor")
	}
	return c, nil
}
