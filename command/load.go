package command

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/eventstore"
)

// loaded is an aggregate folded from its stream.
type loaded[S any] struct {
	state    S
	exists   bool
	revision uint64
	position uint64
	// done is set when the command id already produced events in this
	// stream: the command is answered with where they landed.
	done *Result
}

func (l loaded[S]) revisionString() string {
	if !l.exists {
		return "none (no such stream)"
	}
	return strconv.FormatUint(l.revision, 10)
}

// load reads and folds a stream. A stream of another account is reported as
// not found, so that ids of other tenants leak nothing.
func load[S any, C any](ctx context.Context, store EventStore, agg Aggregate[S, C], stream string, meta Meta) (loaded[S], error) {
	var l loaded[S]
	recs, err := store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{})
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return l, nil
	}
	if err != nil {
		return l, fmt.Errorf("command: read %s: %w", stream, err)
	}
	if len(recs) > 0 && recs[0].Metadata.AccountID != meta.AccountID {
		return l, domain.NotFound("not_found", "no such %s", streamKind(stream))
	}
	for _, r := range recs {
		e, err := agg.Codec.Decode(r.Type, r.SchemaVersion, r.Data)
		if err != nil {
			return l, fmt.Errorf("command: decode %s@%d: %w", stream, r.Revision, err)
		}
		l.state = agg.Evolve(l.state, e)
		l.exists, l.revision, l.position = true, r.Revision, r.Position
		if r.Metadata.CommandID == meta.CommandID {
			l.done = &Result{Stream: stream, Revision: r.Revision, Position: r.Position}
		}
	}
	return l, nil
}

func streamKind(stream string) string {
	for i := 0; i < len(stream); i++ {
		if stream[i] == '-' {
			return stream[:i]
		}
	}
	return "stream"
}
