package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// ETag is the strong entity tag of a stream revision: "12" with the quotes.
func ETag(revision uint64) string { return `"` + strconv.FormatUint(revision, 10) + `"` }

// ParseIfMatch reads an If-Match header: a decimal stream revision, bare
// (12) or as the ETag a command returned ("12"). Empty means no expectation.
// Weak tags, "*" and lists are rejected: a command expects one revision.
func ParseIfMatch(h string) (*uint64, error) {
	h = strings.TrimSpace(h)
	if h == "" {
		return nil, nil
	}
	v := h
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	rev, err := strconv.ParseUint(v, 10, 64)
	if err != nil || v == "" || v[0] == '+' {
		return nil, &RequestError{Status: http.StatusBadRequest, Code: "invalid_if_match", Field: "If-Match",
			Message: fmt.Sprintf("must be one stream revision, as 12 or \"12\"; got %q", h)}
	}
	return &rev, nil
}

// checkIdempotencyKey accepts exactly one key of 1 to 255 visible ASCII
// characters.
func checkIdempotencyKey(values []string) error {
	bad := func(msg string) error {
		return &RequestError{Status: http.StatusBadRequest, Code: "invalid_idempotency_key", Field: "Idempotency-Key", Message: msg}
	}
	if len(values) != 1 {
		return bad("send exactly one Idempotency-Key header")
	}
	k := values[0]
	if k == "" || len(k) > MaxIdempotencyKeyLen {
		return bad(fmt.Sprintf("must be 1 to %d characters long", MaxIdempotencyKeyLen))
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return bad("must be visible ASCII characters only")
		}
	}
	return nil
}
