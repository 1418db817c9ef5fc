// Package timeline is the conversation timeline, full-text search and
// analyst metrics read model. Events of the log are folded, by pure code
// shared by every adapter, into four kinds of documents: timeline entries
// (one per message, note, assignment, status change ...), session facts (one
// per conversation session, for metrics), conversation state and contacts.
//
// Two adapters store them behind the same ports: projections/timeline/pgtimeline
// (PostgreSQL, the oracle, used by the embedded run) and
// projections/timeline/estimeline (Elasticsearch or OpenSearch). One contract
// suite (projections/timeline/contract) requires both to give the same
// answers to the same Reader queries on the same events.
//
// Every document carries Version = the stream revision of the last event
// applied to it, plus one. Stores write a document only if its version is
// higher than the stored one (external versioning in Elasticsearch), so a
// duplicate or stale write is a no-op and a batch can be replayed.
package timeline
