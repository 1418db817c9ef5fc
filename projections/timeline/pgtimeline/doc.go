// Package pgtimeline stores the timeline read model in PostgreSQL: the
// adapter of the embedded run and the oracle the Elasticsearch adapter is
// tested against. Documents are kept whole as JSONB next to the columns
// queries filter and sort on; full-text search matches the terms that
// timeline.Terms extracts (the same analysis as the Elasticsearch index).
//
// Store implements timeline.Reader; Projector is a projections.Projector,
// so view rows and the checkpoint commit in one transaction.
package pgtimeline
