// Package audit serves Parley's auditors: the history of a stream (every
// event with its metadata, upcast to the current schema, paged and
// filtered), an account-wide NDJSON export over a time range in bounded
// memory, time travel (a conversation or contact folded up to a past moment,
// in the shape of the live view), and the tamper-evidence check over the
// event store's hash chain.
//
// It reads the log only: nothing here writes events or views. The HTTP side
// is api/history_routes.go and api/audit_routes.go; the terminal side is
// `parley audit` and `parley replay`.
package audit
