package eventstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Errors an adapter returns; callers test them with errors.Is.
var (
	// ErrConflict: the stream's revision is not the expected one.
	ErrConflict = errors.New("eventstore: wrong expected revision")
	// ErrStreamNotFound: reading a stream that has no events.
	ErrStreamNotFound = errors.New("eventstore: stream not found")
	// ErrUnavailable: the store cannot be reached; the caller may retry later.
	ErrUnavailable = errors.New("eventstore: unavailable")
	// ErrInvalid: the append itself is malformed (empty, bad ids, ...).
	ErrInvalid = errors.New("eventstore: invalid append")
)

// ExpectedKind says what an append expects of the stream.
type ExpectedKind int

// The kinds of expectations an append can carry.
const (
	ExpectAny          ExpectedKind = iota // no check
	ExpectNoStream                         // the stream must not exist yet
	ExpectStreamExists                     // the stream must exist, at any revision
	ExpectExact                            // the stream's last revision must equal Revision
)

// Expected is an append's expected stream revision. Revisions start at 0 for
// a stream's first event.
type Expected struct {
	Kind     ExpectedKind
	Revision uint64
}

// Any, NoStream, StreamExists and Exact build the four expectations.
func Any() Expected               { return Expected{Kind: ExpectAny} }
func NoStream() Expected          { return Expected{Kind: ExpectNoStream} }
func StreamExists() Expected      { return Expected{Kind: ExpectStreamExists} }
func Exact(rev uint64) Expected   { return Expected{Kind: ExpectExact, Revision: rev} }
func (e Expected) String() string { return fmt.Sprintf("%d:%d", e.Kind, e.Revision) }

// Actor is who caused an event, as stored.
type Actor struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// Metadata travels with every event.
type Metadata struct {
	AccountID     string    `json:"account_id"`
	Actor         Actor     `json:"actor"`
	OccurredAt    time.Time `json:"occurred_at"`
	CommandID     string    `json:"command_id"`
	CorrelationID string    `json:"correlation_id"`
	CausationID   string    `json:"causation_id"`
	// Session names the agent session or API client credential that issued
	// the command, for auditors.
	Session string `json:"session,omitempty"`
}

// EventData is an event to append. ID must be deterministic (derived from the
// command id and the event's index) so that a retried append is a no-op.
type EventData struct {
	ID            uuid.UUID
	Type          string
	SchemaVersion int
	Data          []byte // JSON payload
	Metadata      Metadata
}

// RecordedEvent is an event as the store returns it.
type RecordedEvent struct {
	EventData
	Stream     string
	Revision   uint64
	Position   uint64 // global position in $all; increasing in read order, not dense
	RecordedAt time.Time
}

// AppendResult is where an append landed: the stream's new last revision and
// the global position of its last event.
type AppendResult struct {
	Revision uint64
	Position uint64
}

// Direction of a stream read.
type Direction int

// Forwards reads oldest first; Backwards newest first.
const (
	Forwards Direction = iota
	Backwards
)

// ReadStreamOptions bound a stream read. From is a revision (inclusive);
// with Backwards and FromEnd, the read starts at the last event.
type ReadStreamOptions struct {
	Direction Direction
	From      uint64
	FromEnd   bool
	Limit     int // 0 means no limit
}

// Store is the event store port.
type Store interface {
	// Append writes events atomically at the end of stream if the expectation
	// holds. Appending events whose ids are already in the stream (a retry)
	// returns the original result and writes nothing.
	Append(ctx context.Context, stream string, expected Expected, events []EventData) (AppendResult, error)
	// ReadStream returns a stream's events; ErrStreamNotFound if it has none.
	ReadStream(ctx context.Context, stream string, opts ReadStreamOptions) ([]RecordedEvent, error)
	// ReadAll returns up to limit events of every stream with a global
	// position strictly greater than after, in position order. It never
	// returns an event while an event with a lower position may still appear.
	ReadAll(ctx context.Context, after uint64, limit int) ([]RecordedEvent, error)
	// SubscribeAll delivers every event after position `after`, in order, to
	// handle, one at a time, until ctx ends or handle returns an error. It
	// waits for new events without a fixed polling delay.
	SubscribeAll(ctx context.Context, after uint64, handle func(context.Context, RecordedEvent) error) error
	// Close releases the store's resources.
	Close()
}

// ValidateAppend checks what every adapter requires of an append before it
// reaches the store: a stream name, at least one event, unique non-zero ids,
// a type and a JSON payload for each event. Errors wrap ErrInvalid.
func ValidateAppend(stream string, events []EventData) error {
	if stream == "" {
		return fmt.Errorf("%w: empty stream name", ErrInvalid)
	}
	if len(events) == 0 {
		return fmt.Errorf("%w: no events for stream %q", ErrInvalid, stream)
	}
	seen := make(map[uuid.UUID]struct{}, len(events))
	for i, e := range events {
		if e.ID == uuid.Nil {
			return fmt.Errorf("%w: stream %q event %d has no id", ErrInvalid, stream, i)
		}
		if _, dup := seen[e.ID]; dup {
			return fmt.Errorf("%w: stream %q event %d repeats id %s", ErrInvalid, stream, i, e.ID)
		}
		seen[e.ID] = struct{}{}
		if e.Type == "" {
			return fmt.Errorf("%w: stream %q event %d has no type", ErrInvalid, stream, i)
		}
		if !json.Valid(e.Data) {
			return fmt.Errorf("%w: stream %q event %d (%s) data is not JSON", ErrInvalid, stream, i, e.Type)
		}
	}
	return nil
}
