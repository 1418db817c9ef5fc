// Package inbox is the inbox read model: a projector that folds conversation
// and contact events into PostgreSQL views (conversations, contacts, per-agent
// read marks, tab counts and agent load) that the query API lists and reads.
//
// All tables live in one PostgreSQL schema per version (Options.Schema):
// "inbox" is live; a rebuild writes into another schema side by side, is
// compared with Fingerprint and replaces the live one with Swap, which
// renames the schemas in one transaction.
//
// The projector applies a batch of events in one pass: it loads the rows the
// batch touches (locking them), folds the events in memory, guarded per row by
// the stream revision (an event at or below a row's revision is ignored, so
// redelivery is harmless), then writes each changed row once and adds the tab
// count deltas computed from each row's state before and after. A single
// event is a batch of one, so Apply and ApplyBatch give the same rows.
package inbox
