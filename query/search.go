package query

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/parley-inbox/parley/projections/inbox"
)

// Bounds of a contact search.
const (
	DefaultSearchLimit = 20
	MaxSearchLimit     = 50
	MinQueryLen        = 2
	MaxQueryLen        = 100
)

// SearchParams are a contact search's parameters.
type SearchParams struct {
	Q     string
	Limit int
}

// ContactMatch is one search result.
type ContactMatch struct {
	ID          string     `json:"id"`
	DisplayName string     `json:"display_name"`
	AvatarURL   string     `json:"avatar_url,omitempty"`
	Identities  []Identity `json:"identities"`
	Private     bool       `json:"private"`
}

// ParseSearchParams reads q (required, 2 to 100 characters) and limit.
func ParseSearchParams(v url.Values) (SearchParams, error) {
	p := SearchParams{}
	if err := checkNames(v, []string{"q", "limit"}); err != nil {
		return p, err
	}
	p.Q = strings.TrimSpace(v.Get("q"))
	if n := utf8.RuneCountInString(p.Q); n < MinQueryLen || n > MaxQueryLen || !utf8.ValidString(p.Q) {
		return p, invalid("q", "is required: %d to %d characters of a name, e-mail or phone number", MinQueryLen, MaxQueryLen)
	}
	var err error
	p.Limit, err = parseLimit(v, "limit", DefaultSearchLimit, MaxSearchLimit)
	return p, err
}

// SearchContacts finds the viewer's account's contacts whose name starts
// with q (case-insensitively) or, for viewers who may see PII, one of whose
// handles does (phone digits, e-mail address, channel id). Contacts merged
// into another are left out. Without the PII permission handles are not
// searched: prefix probes would reveal them.
func (s *Service) SearchContacts(ctx context.Context, v Viewer, p SearchParams) ([]ContactMatch, error) {
	name := strings.ToLower(p.Q)
	handle := ""
	if v.SeePII {
		handle = strings.ToLower(p.Q)
		if d := inbox.Digits(p.Q); len(d) >= MinQueryLen && strings.Trim(p.Q, "+0123456789 -().") == "" {
			handle = d
		}
	}
	rows, err := s.pool.Query(ctx, s.sql(`SELECT k.id, k.display_name, k.avatar_url, k.identities, k.private
FROM {s}.contacts k WHERE k.account_id = $1 AND k.merged_into = '' AND k.id IN (
  (SELECT id FROM {s}.contacts WHERE account_id = $1 AND lower(display_name) ~>=~ $2 AND lower(display_name) ~<~ ($2 || $5)
   ORDER BY lower(display_name), id LIMIT $4)
  UNION
  (SELECT contact_id FROM {s}.contact_handles WHERE $3 <> '' AND account_id = $1 AND search_key >= $3 AND search_key < ($3 || $5)
   ORDER BY search_key, contact_id LIMIT $4))
ORDER BY lower(k.display_name), k.id LIMIT $4`), v.AccountID, name, handle, p.Limit, prefixEnd)
	if err != nil {
		return nil, fmt.Errorf("query: search contacts: %w", err)
	}
	defer rows.Close()
	out := []ContactMatch{}
	for rows.Next() {
		var m ContactMatch
		var ids []byte
		if err := rows.Scan(&m.ID, &m.DisplayName, &m.AvatarURL, &ids, &m.Private); err != nil {
			return nil, fmt.Errorf("query: search contacts: %w", err)
		}
		if m.Identities, err = identities(ids, v, m.Private); err != nil {
			return nil, fmt.Errorf("query: search contacts: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query: search contacts: %w", err)
	}
	return out, nil
}

// prefixEnd, appended to a prefix, bounds from above (byte-wise) every
// string that starts with the prefix: U+10FFFF is the largest character.
// Prefix matches are written as ranges, not LIKE, so that they use the
// indexes even in a generic (prepared) plan.
const prefixEnd = "\U0010FFFF"
