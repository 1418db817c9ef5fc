package esdb

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"

	"github.com/parley-inbox/parley/eventstore"
)

// retryWindow is how many of a stream's last events are searched for the ids
// of an append that failed its expectation, to recognise a retry.
const retryWindow = 1000

// storedMetadata is the user metadata of an event: the port's metadata and
// the payload's schema version.
type storedMetadata struct {
	eventstore.Metadata
	SchemaVersion int `json:"schema_version"`
}

// Append appends events with their own ids; see the package comment for
// how a stale retry is answered.
func (s *Store) Append(ctx context.Context, stream string, expected eventstore.Expected, events []eventstore.EventData) (eventstore.AppendResult, error) {
	if err := eventstore.ValidateAppend(stream, events); err != nil {
		return eventstore.AppendResult{}, fmt.Errorf("esdb eventstore: %w", err)
	}
	proposed := make([]esdb.EventData, len(events))
	for i, e := range events {
		meta, err := json.Marshal(storedMetadata{Metadata: e.Metadata, SchemaVersion: e.SchemaVersion})
		if err != nil {
			return eventstore.AppendResult{}, fmt.Errorf("esdb eventstore: append to %q: event %d metadata: %w: %w", stream, i, eventstore.ErrInvalid, err)
		}
		proposed[i] = esdb.EventData{
			EventID:     e.ID, // never let the client invent one
			EventType:   e.Type,
			ContentType: esdb.ContentTypeJson,
			Data:        e.Data,
			Metadata:    meta,
		}
	}
	res, err := s.client.AppendToStream(ctx, stream, esdb.AppendToStreamOptions{ExpectedRevision: expectedRevision(expected)}, proposed...)
	if isCode(err, esdb.ErrorCodeWrongExpectedVersion) {
		if original, found, lookErr := s.findAppended(ctx, stream, events); lookErr == nil && found {
			return original, nil
		}
		return eventstore.AppendResult{}, fmt.Errorf("esdb eventstore: append to %q with expected %s: %w", stream, describe(expected), classify(ctx, err))
	}
	if err != nil {
		return eventstore.AppendResult{}, fmt.Errorf("esdb eventstore: append to %q: %w", stream, classify(ctx, err))
	}
	if res.CommitPosition == 0 { // an idempotent success may come without a position
		if original, found, lookErr := s.findAppended(ctx, stream, events); lookErr == nil && found {
			return original, nil
		}
	}
	return eventstore.AppendResult{Revision: res.NextExpectedVersion, Position: res.CommitPosition}, nil
}

// findAppended looks for events' ids among the stream's last retryWindow
// events and, if all are there, returns where the last one landed.
func (s *Store) findAppended(ctx context.Context, stream string, events []eventstore.EventData) (eventstore.AppendResult, bool, error) {
	recent, err := s.ReadStream(ctx, stream, eventstore.ReadStreamOptions{Direction: eventstore.Backwards, FromEnd: true, Limit: retryWindow})
	if err != nil {
		return eventstore.AppendResult{}, false, err
	}
	byID := make(map[uuid.UUID]eventstore.RecordedEvent, len(recent))
	for _, e := range recent {
		byID[e.ID] = e
	}
	var last eventstore.RecordedEvent
	for _, e := range events {
		found, ok := byID[e.ID]
		if !ok {
			return eventstore.AppendResult{}, false, nil
		}
		if found.Revision >= last.Revision {
			last = found
		}
	}
	pos := last.Position
	if pos == 0 {
		if pos, err = s.commitPosition(ctx, last.ID); err != nil {
			return eventstore.AppendResult{}, false, err
		}
	}
	return eventstore.AppendResult{Revision: last.Revision, Position: pos}, true, nil
}

func expectedRevision(e eventstore.Expected) esdb.ExpectedRevision {
	switch e.Kind {
	case eventstore.ExpectNoStream:
		return esdb.NoStream{}
	case eventstore.ExpectStreamExists:
		return esdb.StreamExists{}
	case eventstore.ExpectExact:
		return esdb.Revision(e.Revision)
	default:
		return esdb.Any{}
	}
}

func describe(e eventstore.Expected) string {
	switch e.Kind {
	case eventstore.ExpectNoStream:
		return "no stream"
	case eventstore.ExpectStreamExists:
		return "stream exists"
	case eventstore.ExpectExact:
		return fmt.Sprintf("revision %d", e.Revision)
	default:
		return "any"
	}
}
