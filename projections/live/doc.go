// Package live is the feed behind the web inbox's live stream (SSE).
//
// The "live" Projector turns every conversation and contact event into a
// small change row in live_changes (seq, account, conversation or contact id,
// kind, event type, position, stream revision, a JSON summary), committed
// with its checkpoint, and announces the new highest seq with one NOTIFY on
// NotifyChannel per committed transaction.
//
// A Hub (one per process) LISTENs on NotifyChannel, reads the rows after the
// last seq it has seen in one bounded query, and fans them out to the
// Subscriptions of their account through bounded buffers: a client that
// cannot keep up is dropped with a reason and never blocks the others. The
// projector may run in this process or another; the NOTIFY reaches every Hub.
//
// Ordering: the projector takes a transaction-scoped advisory lock before it
// inserts, so seq values are handed out in commit order and a reader that
// has seen seq N has seen every committed row below N.
//
// Retention: live_changes is a short buffer for reconnecting clients, not a
// history. Cleanup deletes rows older than Retention.MaxAge (default 24 h)
// and all but the newest Retention.MaxRows (default 1,000,000) and records
// the highest deleted seq in live_horizon; RunCleanup does so periodically.
// A client resuming from a seq below the horizon must refetch its lists
// (the stream sends "resync").
package live
