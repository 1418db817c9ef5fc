package audit

import (
	"context"
	"errors"
	"fmt"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/eventstore"
)

// Page sizes of a stream history.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
	// scanFactor bounds the events one page reads while filtering: at most
	// scanFactor*limit, then the page ends early with a cursor to go on.
	scanFactor = 10
)

// Reader reads stream histories and time-travel states from the log.
type Reader struct {
	store eventstore.Store
	codec *domain.Codec
}

// NewReader returns a Reader over store.
func NewReader(store eventstore.Store) (*Reader, error) {
	codec, err := Codec()
	if err != nil {
		return nil, err
	}
	return &Reader{store: store, codec: codec}, nil
}

// HistoryPage is one page of a stream's history. NextRevision, when set, is
// the cursor of the next page (pass it as from_revision).
type HistoryPage struct {
	Stream       string   `json:"stream"`
	Data         []Record `json:"data"`
	NextRevision *uint64  `json:"next_revision"`
}

// HistoryQuery asks for a stream's events from revision From (inclusive).
type HistoryQuery struct {
	Account string // the caller's account; another account's stream is not found
	Stream  string
	From    uint64
	Limit   int // DefaultPageSize if 0; at most MaxPageSize
	Filter  Filter
	SeePII  bool
}

// ErrNotFound: the stream does not exist in the caller's account.
var ErrNotFound = errors.New("audit: stream not found")

// History returns the events of q.Stream matching q.Filter, in revision
// order, from q.From. Streams of other accounts are ErrNotFound, exactly
// like streams that do not exist.
func (r *Reader) History(ctx context.Context, q HistoryQuery) (HistoryPage, error) {
	if q.Limit <= 0 {
		q.Limit = DefaultPageSize
	}
	q.Limit = min(q.Limit, MaxPageSize)
	page := HistoryPage{Stream: q.Stream, Data: []Record{}}
	next, scanned := q.From, 0
	for len(page.Data) < q.Limit && scanned < scanFactor*q.Limit {
		evs, err := r.readOwned(ctx, q.Account, q.Stream, next, q.Limit)
		if err != nil {
			return HistoryPage{}, err
		}
		if len(evs) == 0 {
			return page, nil // the end of the stream
		}
		for _, ev := range evs {
			next, scanned = ev.Revision+1, scanned+1
			if q.Filter.Match(ev) {
				page.Data = append(page.Data, NewRecord(r.codec, ev, q.SeePII))
				if len(page.Data) == q.Limit {
					break
				}
			}
		}
		if len(evs) < q.Limit && len(page.Data) < q.Limit {
			return page, nil
		}
	}
	page.NextRevision = &next
	return page, nil
}

// readOwned reads up to limit events of stream from revision from, and
// answers ErrNotFound unless the stream exists and belongs to account.
func (r *Reader) readOwned(ctx context.Context, account, stream string, from uint64, limit int) ([]eventstore.RecordedEvent, error) {
	evs, err := r.store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{From: from, Limit: limit})
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, stream)
	}
	if err != nil {
		return nil, fmt.Errorf("audit: read %s: %w", stream, err)
	}
	owner := evs
	if len(owner) == 0 && from > 0 {
		// Past the end: check ownership on the first event.
		if owner, err = r.store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{Limit: 1}); err != nil {
			return nil, fmt.Errorf("audit: read %s: %w", stream, err)
		}
	}
	if len(owner) == 0 || owner[0].Metadata.AccountID != account {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, stream)
	}
	return evs, nil
}
