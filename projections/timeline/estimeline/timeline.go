package estimeline

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/parley-inbox/parley/projections/timeline"
)

var _ timeline.Reader = (*Client)(nil)

// hits is the part of a search answer the readers use.
type hits struct {
	Hits struct {
		Hits []struct {
			Index     string              `json:"_index"`
			Source    json.RawMessage     `json:"_source"`
			Sort      []any               `json:"sort"`
			Highlight map[string][]string `json:"highlight"`
		} `json:"hits"`
	} `json:"hits"`
}

func term(field string, v any) m                    { return m{"term": m{field: v}} }
func terms(field string, v any) m                   { return m{"terms": m{field: v}} }
func exists(field string) m                         { return m{"exists": m{"field": field}} }
func rangeQ(field string, r m) m                    { return m{"range": m{field: r}} }
func boolQ(clauses m) m                             { return m{"bool": clauses} }
func millis(t interface{ UnixMilli() int64 }) int64 { return t.UnixMilli() }

// Timeline returns a page of a conversation's entries.
func (c *Client) Timeline(ctx context.Context, accountID, conversationID string, q timeline.TimelineQuery) (timeline.TimelinePage, error) {
	if err := q.Normalize(); err != nil {
		return timeline.TimelinePage{}, err
	}
	filter := []m{term("account_id", accountID), term("conversation_id", conversationID)}
	if len(q.Kinds) > 0 {
		filter = append(filter, terms("kind", q.Kinds))
	}
	if q.AgentID != "" {
		filter = append(filter, term("actor_kind", "agent"), term("actor_id", q.AgentID))
	}
	at := m{}
	if !q.From.IsZero() {
		at["gte"] = millis(q.From)
	}
	if !q.To.IsZero() {
		at["lt"] = millis(q.To)
	}
	if len(at) > 0 {
		at["format"] = "epoch_millis"
		filter = append(filter, rangeQ("at", at))
	}
	order, cmp := "asc", "gt"
	if q.Newest {
		order, cmp = "desc", "lt"
	}
	if q.After > 0 {
		filter = append(filter, rangeQ("position", m{cmp: q.After}))
	}
	req := m{"size": q.Limit + 1, "query": boolQ(m{"filter": filter}), "sort": []m{{"position": order}}, "track_total_hits": false}
	var res hits
	if err := c.search(ctx, "timeline", []string{c.cfg.readAlias(kindEntries)}, req, &res); err != nil {
		return timeline.TimelinePage{}, err
	}
	// Entries of the account's conversation prove it exists (its document
	// is written with or before them); only an empty page asks, to tell
	// "no such conversation" from "nothing matches" — one round trip for
	// the common page instead of two.
	if len(res.Hits.Hits) == 0 {
		if _, err := c.Conversation(ctx, accountID, conversationID); err != nil {
			return timeline.TimelinePage{}, err
		}
	}
	page := timeline.TimelinePage{Entries: []timeline.Entry{}}
	for _, h := range res.Hits.Hits {
		var e timeline.Entry
		if err := json.Unmarshal(h.Source, &e); err != nil {
			return timeline.TimelinePage{}, fmt.Errorf("estimeline: decode entry: %w", err)
		}
		page.Entries = append(page.Entries, e)
	}
	if len(page.Entries) > q.Limit {
		page.Entries = page.Entries[:q.Limit]
		page.Next = page.Entries[q.Limit-1].Position
	}
	return page, nil
}

// Conversation returns the conversation's state document. The GET is
// realtime: a conversation indexed since the last refresh is found (its
// timeline page is then empty, not "no such conversation"). Timeline pages
// ask only when they come back empty, so the refresh a realtime GET of a
// changed document costs the engine stays rare.
func (c *Client) Conversation(ctx context.Context, accountID, conversationID string) (timeline.Conversation, error) {
	var doc struct {
		Found  bool                  `json:"found"`
		Source timeline.Conversation `json:"_source"`
	}
	err := c.do(ctx, "get conversation", esapi.GetRequest{Index: c.cfg.readAlias(kindConversations), DocumentID: conversationID}, &doc)
	if statusOf(err) == http.StatusNotFound || (err == nil && (!doc.Found || doc.Source.AccountID != accountID)) {
		return timeline.Conversation{}, fmt.Errorf("%w: conversation %s", timeline.ErrNotFound, conversationID)
	}
	return doc.Source, err
}

func (c *Client) search(ctx context.Context, op string, index []string, req m, out any) error {
	b, err := body(req)
	if err != nil {
		return err
	}
	f := false
	return c.do(ctx, op, esapi.SearchRequest{Index: index, Body: b, AllowPartialSearchResults: &f}, out)
}
