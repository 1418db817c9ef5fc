package pgtimeline

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/parley-inbox/parley/projections/timeline"
)

// Search returns hits newest first (at, then id, descending) over entries
// and contacts of the account.
func (s *Store) Search(ctx context.Context, accountID string, q timeline.SearchQuery) (timeline.SearchResult, error) {
	if err := q.Normalize(); err != nil {
		return timeline.SearchResult{}, err
	}
	w := &where{}
	acct := w.param(accountID)
	text := textCondition(w, q)
	var parts []string
	if kinds := slices.DeleteFunc(slices.Clone(q.Kinds), func(k string) bool { return k == timeline.KindContact }); len(kinds) > 0 {
		c := []string{"account_id = " + acct, "kind = ANY(" + w.param(kinds) + ")", text}
		c = append(c, commonFilters(w, q)...)
		if q.Channel != "" {
			c = append(c, "channel = "+w.param(q.Channel))
		}
		if q.InboxID != "" {
			c = append(c, "inbox_id = "+w.param(q.InboxID))
		}
		if q.AgentID != "" {
			c = append(c, "actor_kind = 'agent' AND actor_id = "+w.param(q.AgentID))
		}
		if q.Inboxes != nil {
			c = append(c, "inbox_id = ANY("+w.param(q.Inboxes)+")")
		}
		if q.ByConversation() {
			conv := []string{"account_id = " + acct}
			if q.Tag != "" {
				conv = append(conv, "tags @> ARRAY["+w.param(strings.ToLower(q.Tag))+"]")
			}
			if q.Assignees != nil {
				conv = append(conv, "COALESCE(doc->>'assignee_id', '') = ANY("+w.param(q.Assignees)+")")
			}
			c = append(c, fmt.Sprintf("conversation_id IN (SELECT id FROM %s WHERE %s)", s.t.conversations, strings.Join(conv, " AND ")))
		}
		parts = append(parts, fmt.Sprintf(`SELECT id, at, doc, false AS contact FROM %s WHERE %s`, s.t.entries, strings.Join(c, " AND ")))
	}
	if slices.Contains(q.Kinds, timeline.KindContact) && !q.EntriesOnly() {
		c := []string{"account_id = " + acct, "NOT merged", text}
		c = append(c, commonFilters(w, q)...)
		if q.Tag != "" {
			c = append(c, "tags @> ARRAY["+w.param(strings.ToLower(q.Tag))+"]")
		}
		parts = append(parts, fmt.Sprintf(`SELECT id, at, doc, true AS contact FROM %s WHERE %s`, s.t.contacts, strings.Join(c, " AND ")))
	}
	if len(parts) == 0 {
		return timeline.SearchResult{Hits: []timeline.SearchHit{}}, nil
	}
	sql := fmt.Sprintf(`SELECT doc, contact FROM (%s) x ORDER BY at DESC, id DESC LIMIT %d`,
		strings.Join(parts, " UNION ALL "), q.Limit+1)
	rows, err := s.db.Query(ctx, sql, w.args...)
	if err != nil {
		return timeline.SearchResult{}, wrap("search", err)
	}
	defer rows.Close()
	res := timeline.SearchResult{Hits: []timeline.SearchHit{}}
	for rows.Next() {
		var raw []byte
		var contact bool
		if err := rows.Scan(&raw, &contact); err != nil {
			return timeline.SearchResult{}, wrap("search", err)
		}
		hit, err := decodeHit(raw, contact, q)
		if err != nil {
			return timeline.SearchResult{}, err
		}
		res.Hits = append(res.Hits, hit)
	}
	if err := rows.Err(); err != nil {
		return timeline.SearchResult{}, wrap("search", err)
	}
	if len(res.Hits) > q.Limit {
		res.Hits = res.Hits[:q.Limit]
		last := res.Hits[q.Limit-1]
		res.Next = &timeline.SearchCursor{At: last.At, ID: last.ID}
	}
	return res, nil
}

// textCondition matches the query's terms against the stored terms.
func textCondition(w *where, q timeline.SearchQuery) string {
	terms := timeline.Terms(q.Text)
	switch q.Mode {
	case timeline.ModePhrase:
		return fmt.Sprintf("terms @> %s AND strpos(norm, %s) > 0", w.param(terms), w.param(" "+strings.Join(terms, " ")+" "))
	case timeline.ModePrefix:
		last := terms[len(terms)-1]
		return fmt.Sprintf("terms @> %s AND EXISTS (SELECT 1 FROM unnest(terms) t WHERE starts_with(t, %s))",
			w.param(terms[:len(terms)-1]), w.param(last))
	}
	return "terms @> " + w.param(terms)
}

// commonFilters are the date range and the cursor.
func commonFilters(w *where, q timeline.SearchQuery) []string {
	var c []string
	if !q.From.IsZero() {
		c = append(c, "at >= "+w.param(q.From))
	}
	if !q.To.IsZero() {
		c = append(c, "at < "+w.param(q.To))
	}
	if q.After != nil {
		c = append(c, fmt.Sprintf("(at, id) < (%s, %s)", w.param(timeline.Millis(q.After.At)), w.param(q.After.ID)))
	}
	return c
}

func decodeHit(raw []byte, contact bool, q timeline.SearchQuery) (timeline.SearchHit, error) {
	if contact {
		var c timeline.Contact
		if err := json.Unmarshal(raw, &c); err != nil {
			return timeline.SearchHit{}, fmt.Errorf("pgtimeline: decode contact: %w", err)
		}
		return timeline.ContactHit(c, timeline.Highlight(c.DisplayName, q.Text, q.Mode)), nil
	}
	var e timeline.Entry
	if err := json.Unmarshal(raw, &e); err != nil {
		return timeline.SearchHit{}, fmt.Errorf("pgtimeline: decode entry: %w", err)
	}
	return timeline.EntryHit(e, timeline.Highlight(e.Text, q.Text, q.Mode)), nil
}
