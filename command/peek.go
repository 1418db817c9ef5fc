package command

import "context"

// Peek returns a copy (made by clone) of the folded state of aggregate id
// as of its stream's last event, and whether it exists in accountID. It
// reads through agg's cache, checking a cached entry against the stream's
// last revision (one small read), so another process's change is seen.
func Peek[S any, C any](ctx context.Context, store EventStore, agg Aggregate[S, C], accountID, id string, clone func(S) S) (S, bool, error) {
	if agg.cache == nil {
		agg = NewAggregate(agg, 1)
	}
	return peek(ctx, store, agg, accountID, id, clone, true)
}
