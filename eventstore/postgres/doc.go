// Package postgres is the PostgreSQL adapter of Parley's event store port
// (eventstore.Store), built on pgx v5 and a pgxpool.Pool the caller owns.
//
// Tables live in the schema "eventstore": streams (one row per stream: last
// revision and last hash) and events (the log). Migrate creates them from the
// embedded migrations, recording versions in eventstore.schema_migrations.
//
// Positions. Each event stores the id of the transaction that wrote it
// (pg_current_xact_id(), a 64-bit xid8 that never wraps) and its position is
//
//	position = txid * 2^20 + index of the event within that transaction
//
// so position order is (transaction id, index) order. Bounds: at most 2^20
// (1,048,576) events per transaction, and txid < 2^43 (8.8e12 transactions
// over the cluster's life) so that the position fits a signed bigint.
//
// Horizon. Transaction ids are handed out in increasing order but
// transactions commit in any order, so a reader that only looked at
// committed rows could see position 20 before position 10 commits and skip
// it. ReadAll and SubscribeAll therefore only return events whose txid is
// below pg_snapshot_xmin(pg_current_snapshot()): every transaction below
// that horizon has ended, and every transaction that starts later gets a
// larger id, so no lower position can appear afterwards. The trade-off: any
// long-running writing transaction anywhere in the cluster (not only
// appends) holds the horizon back and delays what readers see until it ends.
// Read from the primary: the horizon is the writer's.
//
// Appends. eventstore.append (migrations/0003_append_conflict_result.sql)
// is one statement, so one round trip and one transaction. Without locks it
// answers a retry of committed events and an expectation that already
// fails; otherwise it locks the stream row (inserting a placeholder for a
// new stream), checks again, and writes. Event ids are unique across the
// log: an id that is in another stream makes the append invalid.
// Migrations are never edited once committed; changes get a new file.
//
// Notifications. Every append does one pg_notify on Config.Channel
// (default "parley_events") with the append's last position as payload,
// delivered at commit. SubscribeAll listens on a dedicated connection and
// reads in batches: it waits for a notification with no polling delay when it
// has read everything; when committed events exist but are still above the
// horizon (an older transaction is open) it re-checks after a backoff
// doubling from Config.MinBackoff (5 ms) to Config.MaxBackoff (50 ms) and
// staying there until they appear, or sooner if a notification arrives.
//
// Tamper evidence. Each event stores hash = sha256(previous event's hash in
// the stream, or 32 zero bytes || canonical bytes of id, stream, revision,
// type, schema_version, data, metadata), computed inside the append (see
// eventstore.event_hash in migrations/0002_append.sql); streams.last_hash
// holds the last one. VerifyChain recomputes the chains.
package postgres
