package command

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/parley-inbox/parley/eventstore"
)

func revisionString(exists bool, revision uint64) string {
	if !exists {
		return "none (no such stream)"
	}
	return strconv.FormatUint(revision, 10)
}

// load reads a whole stream into entry: its folded state, revision, owning
// account and the commands that produced its latest events — and, however
// old, the events of commandID if it already ran.
func load[S any, C any](ctx context.Context, store EventStore, agg Aggregate[S, C], stream, commandID string, entry *cached[S]) error {
	entry.reset()
	recs, err := store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{})
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		entry.valid = true
		return nil
	}
	if err != nil {
		return fmt.Errorf("command: read %s: %w", stream, err)
	}
	for _, r := range recs {
		e, err := agg.Codec.Decode(r.Type, r.SchemaVersion, r.Data)
		if err != nil {
			return fmt.Errorf("command: decode %s@%d: %w", stream, r.Revision, err)
		}
		entry.state = agg.Evolve(entry.state, e)
		entry.revision, entry.position = r.Revision, r.Position
		if r.Metadata.CommandID == commandID || len(recs)-int(r.Revision) <= recentCommands {
			entry.remember(r.Metadata.CommandID, Result{Stream: stream, Revision: r.Revision, Position: r.Position})
		}
	}
	entry.exists, entry.valid = len(recs) > 0, true
	if entry.exists {
		entry.account = recs[0].Metadata.AccountID
	}
	return nil
}

func streamKind(stream string) string {
	for i := 0; i < len(stream); i++ {
		if stream[i] == '-' {
			return stream[:i]
		}
	}
	return "stream"
}
