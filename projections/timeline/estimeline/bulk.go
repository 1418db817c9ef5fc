package estimeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/parley-inbox/parley/projections/timeline"
)

// Write indexes every changed document with external versions, in
// Config.BulkWorkers concurrent bulk requests (a bulk request is applied to
// a shard by one thread; documents of one batch are independent). A version
// conflict means the index already holds this or a newer version: the
// write is done. Any other failed item fails the batch, which the indexer
// retries whole.
func (s docStore) Write(ctx context.Context, ch timeline.Changes) error {
	n := ch.Len()
	if n == 0 {
		return nil
	}
	workers := min(s.c.cfg.BulkWorkers, max(1, n/200))
	bodies := make([]bytes.Buffer, workers)
	encs := make([]*json.Encoder, workers)
	for i := range bodies {
		encs[i] = json.NewEncoder(&bodies[i])
	}
	k := 0
	add := func(kind, id string, version uint64, doc any) error {
		enc := encs[k%workers]
		k++
		meta := m{"index": m{"_index": s.c.cfg.target(kind), "_id": id, "version": version, "version_type": "external"}}
		if err := enc.Encode(meta); err != nil {
			return fmt.Errorf("estimeline: encode bulk: %w", err)
		}
		if err := enc.Encode(doc); err != nil {
			return fmt.Errorf("estimeline: encode %s: %w", id, err)
		}
		return nil
	}
	var err error
	for _, e := range ch.Entries {
		err = errors.Join(err, add(kindEntries, e.ID, e.Version, e))
	}
	for _, x := range ch.Sessions {
		err = errors.Join(err, add(kindSessions, x.ID, x.Version, x))
	}
	for _, x := range ch.Contacts {
		err = errors.Join(err, add(kindContacts, x.ID, x.Version, x))
	}
	for _, x := range ch.Conversations {
		err = errors.Join(err, add(kindConversations, x.ID, x.Version, x))
	}
	if err != nil {
		return err
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for i := range bodies {
		wg.Go(func() { errs[i] = s.bulk(ctx, &bodies[i]) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (s docStore) bulk(ctx context.Context, body *bytes.Buffer) error {
	req := esapi.BulkRequest{Body: body}
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
