package estimeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/parley-inbox/parley/projections/timeline"
)

// DocStore is the client as the projector's timeline.DocStore.
func (c *Client) DocStore() timeline.DocStore { return docStore{c} }

type docStore struct{ c *Client }

// Load reads documents by id from the write indexes, in one _mget. Reads
// by id are real-time: they see writes not yet refreshed.
func (s docStore) Load(ctx context.Context, k timeline.Keys) (timeline.Docs, error) {
	type ref struct {
		Index string `json:"_index"`
		ID    string `json:"_id"`
	}
	var refs []ref
	add := func(kind string, ids []string) {
		for _, id := range ids {
			refs = append(refs, ref{s.c.cfg.writeAlias(kind), id})
		}
	}
	add(kindConversations, k.Conversations)
	add(kindSessions, k.Sessions)
	add(kindEntries, k.Entries)
	add(kindContacts, k.Contacts)
	d := timeline.Docs{Conversations: map[string]timeline.Conversation{}, Sessions: map[string]timeline.Session{},
		Entries: map[string]timeline.Entry{}, Contacts: map[string]timeline.Contact{}}
	if len(refs) == 0 {
		return d, nil
	}
	b, err := body(m{"docs": refs})
	if err != nil {
		return d, err
	}
	var res struct {
		Docs []struct {
			ID     string          `json:"_id"`
			Found  bool            `json:"found"`
			Source json.RawMessage `json:"_source"`
			Error  json.RawMessage `json:"error"`
		} `json:"docs"`
	}
	if err := s.c.do(ctx, "mget", esapi.MgetRequest{Body: b}, &res); err != nil {
		return d, err
	}
	for i, doc := range res.Docs {
		if len(doc.Error) > 0 {
			return d, fmt.Errorf("estimeline: mget %s: %s", doc.ID, doc.Error)
		}
		if !doc.Found {
			continue
		}
		var err error
		switch refs[i].Index {
		case s.c.cfg.writeAlias(kindConversations):
			err = decodeInto(doc.Source, doc.ID, d.Conversations)
		case s.c.cfg.writeAlias(kindSessions):
			err = decodeInto(doc.Source, doc.ID, d.Sessions)
		case s.c.cfg.writeAlias(kindEntries):
			err = decodeInto(doc.Source, doc.ID, d.Entries)
		default:
			err = decodeInto(doc.Source, doc.ID, d.Contacts)
		}
		if err != nil {
			return d, err
		}
	}
	return d, nil
}

func decodeInto[T any](raw json.RawMessage, id string, into map[string]T) error {
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		return fmt.Errorf("estimeline: decode %s: %w", id, err)
	}
	into[id] = v
	return nil
}

// Write indexes every changed document in one bulk request with external
// versions. A version conflict means the index already holds this or a
// newer version: the write is done. Any other failed item fails the batch,
// which the indexer retries whole.
func (s docStore) Write(ctx context.Context, ch timeline.Changes) error {
	var buf bytes.Buffer
	n := 0
	enc := json.NewEncoder(&buf)
	add := func(kind, id string, version uint64, doc any) error {
		meta := m{"index": m{"_index": s.c.cfg.writeAlias(kind), "_id": id, "version": version, "version_type": "external"}}
		if err := enc.Encode(meta); err != nil {
			return fmt.Errorf("estimeline: encode bulk: %w", err)
		}
		if err := enc.Encode(doc); err != nil {
			return fmt.Errorf("estimeline: encode %s: %w", id, err)
		}
		n++
		return nil
	}
	for _, e := range ch.Entries {
		if err := add(kindEntries, e.ID, e.Version, e); err != nil {
			return err
		}
	}
	for _, x := range ch.Sessions {
		if err := add(kindSessions, x.ID, x.Version, x); err != nil {
			return err
		}
	}
	for _, x := range ch.Contacts {
		if err := add(kindContacts, x.ID, x.Version, x); err != nil {
			return err
		}
	}
	// Conversations last: they are the state later batches start from.
	for _, x := range ch.Conversations {
		if err := add(kindConversations, x.ID, x.Version, x); err != nil {
			return err
		}
	}
	if n == 0 {
		return nil
	}
	req := esapi.BulkRequest{Body: &buf}
	if s.c.cfg.RefreshOnWrite {
		req.Refresh = "wait_for"
	}
	var res struct {
		Errors bool `json:"errors"`
		Items  []map[string]struct {
			ID     string          `json:"_id"`
			Status int             `json:"status"`
			Error  json.RawMessage `json:"error"`
		} `json:"items"`
	}
	if err := s.c.do(ctx, "bulk", req, &res); err != nil {
		return err
	}
	if !res.Errors {
		return nil
	}
	for _, item := range res.Items {
		for _, r := range item {
			switch {
			case r.Status < 300 || r.Status == http.StatusConflict:
			case r.Status == http.StatusTooManyRequests || r.Status >= 500:
				return fmt.Errorf("estimeline: bulk item %s: %w: HTTP %d %s", r.ID, timeline.ErrUnavailable, r.Status, r.Error)
			default:
				return fmt.Errorf("estimeline: bulk item %s: HTTP %d %s", r.ID, r.Status, r.Error)
			}
		}
	}
	return nil
}
