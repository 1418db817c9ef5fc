package estimeline

import (
	"context"
	"encoding/json"
	"fmt"

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
			refs = append(refs, ref{s.c.cfg.target(kind), id})
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
		case s.c.cfg.target(kindConversations):
			err = decodeInto(doc.Source, doc.ID, d.Conversations)
		case s.c.cfg.target(kindSessions):
			err = decodeInto(doc.Source, doc.ID, d.Sessions)
		case s.c.cfg.target(kindEntries):
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
