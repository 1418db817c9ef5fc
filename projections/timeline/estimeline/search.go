package estimeline

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/parley-inbox/parley/projections/timeline"
)

// maxTagConversations bounds the conversations a search tag filter may
// match: the filter is resolved first, to conversation ids.
const maxTagConversations = 10_000

// textQuery is the user's text as the value of a match query on field:
// never parsed as query syntax.
func textQuery(field string, q timeline.SearchQuery) m {
	switch q.Mode {
	case timeline.ModePhrase:
		return m{"match_phrase": m{field: m{"query": q.Text}}}
	case timeline.ModePrefix:
		return m{"match_bool_prefix": m{field: m{"query": q.Text, "operator": "and"}}}
	}
	return m{"match": m{field: m{"query": q.Text, "operator": "and"}}}
}

// Search returns hits newest first (at, then id, descending) over entries
// and contacts of the account.
func (c *Client) Search(ctx context.Context, accountID string, q timeline.SearchQuery) (timeline.SearchResult, error) {
	if err := q.Normalize(); err != nil {
		return timeline.SearchResult{}, err
	}
	common := []m{term("account_id", accountID)}
	at := m{"format": "epoch_millis"}
	if !q.From.IsZero() {
		at["gte"] = millis(q.From)
	}
	if !q.To.IsZero() {
		at["lt"] = millis(q.To)
	}
	if len(at) > 1 {
		common = append(common, rangeQ("at", at))
	}
	var should []m
	if kinds := slices.DeleteFunc(slices.Clone(q.Kinds), func(k string) bool { return k == timeline.KindContact }); len(kinds) > 0 {
		f := append(slices.Clone(common), exists("conversation_id"), terms("kind", kinds))
		for field, v := range map[string]string{"channel": q.Channel, "inbox_id": q.InboxID} {
			if v != "" {
				f = append(f, term(field, v))
			}
		}
		if q.AgentID != "" {
			f = append(f, term("actor_kind", "agent"), term("actor_id", q.AgentID))
		}
		if q.Inboxes != nil {
			f = append(f, terms("inbox_id", q.Inboxes))
		}
		if q.ByConversation() {
			ids, err := c.conversationsMatching(ctx, accountID, q)
			if err != nil {
				return timeline.SearchResult{}, err
			}
			f = append(f, terms("conversation_id", ids))
		}
		should = append(should, boolQ(m{"filter": f, "must": []m{textQuery("text", q)}}))
	}
	if slices.Contains(q.Kinds, timeline.KindContact) && !q.EntriesOnly() {
		f := append(slices.Clone(common), exists("display_name"))
		if q.Tag != "" {
			f = append(f, term("tags", strings.ToLower(q.Tag)))
		}
		should = append(should, boolQ(m{"filter": f, "must": []m{textQuery("display_name", q)},
			"must_not": []m{exists("merged_into"), exists("conversation_id")}}))
	}
	res := timeline.SearchResult{Hits: []timeline.SearchHit{}}
	if len(should) == 0 {
		return res, nil
	}
	req := m{
		"size": q.Limit + 1, "query": boolQ(m{"should": should, "minimum_should_match": 1}),
		"sort": []m{{"at": "desc"}, {"id": "desc"}}, "track_total_hits": false,
		"highlight": m{"encoder": "html", "pre_tags": []string{"<em>"}, "post_tags": []string{"</em>"},
			"fields": m{"text": m{"number_of_fragments": 0}, "display_name": m{"number_of_fragments": 0}}},
	}
	if q.After != nil {
		req["search_after"] = []any{millis(q.After.At), q.After.ID}
	}
	var out hits
	index := []string{c.cfg.readAlias(kindEntries), c.cfg.readAlias(kindContacts)}
	if err := c.search(ctx, "search", index, req, &out); err != nil {
		return timeline.SearchResult{}, err
	}
	for _, h := range out.Hits.Hits {
		hit, err := c.decodeHit(h.Index, h.Source, h.Highlight)
		if err != nil {
			return timeline.SearchResult{}, err
		}
		res.Hits = append(res.Hits, hit)
	}
	if len(res.Hits) > q.Limit {
		res.Hits = res.Hits[:q.Limit]
		last := res.Hits[q.Limit-1]
		res.Next = &timeline.SearchCursor{At: last.At, ID: last.ID}
	}
	return res, nil
}

func (c *Client) decodeHit(index string, src json.RawMessage, hl map[string][]string) (timeline.SearchHit, error) {
	if strings.HasPrefix(index, c.cfg.Prefix+"-"+kindContacts+"-") {
		var k timeline.Contact
		if err := json.Unmarshal(src, &k); err != nil {
			return timeline.SearchHit{}, fmt.Errorf("estimeline: decode contact: %w", err)
		}
		return timeline.ContactHit(k, strings.Join(hl["display_name"], "")), nil
	}
	var e timeline.Entry
	if err := json.Unmarshal(src, &e); err != nil {
		return timeline.SearchHit{}, fmt.Errorf("estimeline: decode entry: %w", err)
	}
	return timeline.EntryHit(e, strings.Join(hl["text"], "")), nil
}

// conversationsMatching resolves the filters on a conversation's current
// state (tag, assignee) to conversation ids.
func (c *Client) conversationsMatching(ctx context.Context, accountID string, q timeline.SearchQuery) ([]string, error) {
	filter := []m{term("account_id", accountID)}
	if q.Tag != "" {
		filter = append(filter, term("tags", strings.ToLower(q.Tag)))
	}
	if q.Assignees != nil {
		var named []string
		should := []m{}
		for _, a := range q.Assignees {
			if a == "" {
				should = append(should, boolQ(m{"must_not": []m{exists("assignee_id")}}))
			} else {
				named = append(named, a)
			}
		}
		if len(named) > 0 {
			should = append(should, terms("assignee_id", named))
		}
		if len(should) == 0 {
			return []string{}, nil
		}
		filter = append(filter, boolQ(m{"should": should, "minimum_should_match": 1}))
	}
	req := m{"size": maxTagConversations, "_source": false, "track_total_hits": false,
		"query": boolQ(m{"filter": filter})}
	var out struct {
		Hits struct {
			Hits []struct {
				ID string `json:"_id"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if err := c.search(ctx, "tag filter", []string{c.cfg.readAlias(kindConversations)}, req, &out); err != nil {
		return nil, err
	}
	if len(out.Hits.Hits) == maxTagConversations {
		return nil, fmt.Errorf("%w: the tag or visibility filter matches more than %d conversations; narrow the search", timeline.ErrInvalidQuery, maxTagConversations)
	}
	ids := make([]string, 0, len(out.Hits.Hits))
	for _, h := range out.Hits.Hits {
		ids = append(ids, h.ID)
	}
	return ids, nil
}
