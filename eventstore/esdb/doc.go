// Package esdb is the EventStoreDB adapter of Parley's event store port
// (eventstore.Store), over github.com/EventStore/EventStore-Client-Go/v4.
//
// Mapping:
//   - Event ids are ours: EventData.ID becomes the EventStoreDB event id, so
//     the server's own idempotency recognises a retried append.
//   - The payload is the event's JSON data; the user metadata is the JSON of
//     eventstore.Metadata plus "schema_version".
//   - Revision is the stream event number. Position is the event's commit
//     position in $all. Appends over gRPC are implicit transactions whose
//     events each have commit position == prepare position, so a Position
//     resumes a read as esdb.Position{Commit: p, Prepare: p}. Stream reads
//     may not carry positions (the server sends none before v23.10); there
//     Position is 0, meaning unknown.
//   - ReadAll and SubscribeAll read $all without system events ("$"-typed
//     events, and "$"-named streams in ReadAll, which has no server filter).
//     Both treat `after` as exclusive.
//   - A WrongExpectedVersion whose event ids are already in the stream (a
//     retry with a stale expectation) returns the original result; retries
//     are recognised among the stream's last retryWindow events. An id
//     appended to another stream is not detected (EventStoreDB allows it).
package esdb
