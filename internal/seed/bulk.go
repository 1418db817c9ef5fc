package seed

import (
	"context"
	"fmt"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
)

// BulkAppender is the optional fast path of a store: many streams appended
// in one transaction and one round trip (postgres.Store.AppendStreams).
type BulkAppender interface {
	AppendStreams(ctx context.Context, appends []postgres.StreamAppend) ([]eventstore.AppendResult, error)
}

// appendChunk appends conversations from..to-1 and the contacts they create
// in one bulk append. Every stream is new and appended whole with
// ExpectAny, so a rerun of the same seed is answered as a retry, as with
// appendOne.
func appendChunk(ctx context.Context, store BulkAppender, gen *Generator, from, to int) error {
	appends := make([]postgres.StreamAppend, 0, 2*(to-from))
	for i := from; i < to; i++ {
		h, err := gen.History(i)
		if err != nil {
			return err
		}
		if h.Contact != nil {
			appends = append(appends, postgres.StreamAppend{Stream: h.Contact.Name, Expected: eventstore.Any(), Events: h.Contact.Events})
		}
		appends = append(appends, postgres.StreamAppend{Stream: h.Conversation.Name, Expected: eventstore.Any(), Events: h.Conversation.Events})
	}
	if _, err := store.AppendStreams(ctx, appends); err != nil {
		return fmt.Errorf("append conversations %d..%d: %w", from, to-1, err)
	}
	return nil
}
