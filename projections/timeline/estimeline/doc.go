// Package estimeline stores the timeline read model in Elasticsearch (or
// OpenSearch, through Config.OpenSearchCompat) with go-elasticsearch v8.
//
// Four indexes (timeline entries, session facts, conversations, contacts)
// are created from index templates with explicit, strict mappings. Each is
// versioned (<prefix>-<kind>-v<N>) behind a read alias (<prefix>-<kind>). A
// client writes to the indexes of its Config.Version, so a rebuild can fill
// v<N+1> side by side while the live indexer keeps v<N> current, and
// SwapRead then moves every reader at once. Writes are bulk requests of whole
// documents with deterministic ids and external versions (the stream
// revision + 1): a stale or duplicate write is rejected by the engine as a
// version conflict, which the adapter treats as done.
//
// Only features both engines share are used: bool/term/range/match,
// match_phrase and match_bool_prefix queries, search_after, highlighting,
// terms/date_histogram/filter/stats/percentiles aggregations. User text
// only ever reaches the engine as the value of a match query.
package estimeline
