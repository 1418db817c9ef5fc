package command

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/eventstore"
)

// EventStore is what the command side needs of the event store.
type EventStore interface {
	Append(ctx context.Context, stream string, expected eventstore.Expected, events []eventstore.EventData) (eventstore.AppendResult, error)
	ReadStream(ctx context.Context, stream string, opts eventstore.ReadStreamOptions) ([]eventstore.RecordedEvent, error)
}

// Meta is who issues a command, for which account, and how it relates to
// other commands. The API fills it from the credential, never from the body.
type Meta struct {
	AccountID     string
	Actor         domain.Actor
	CommandID     string // idempotency: the same id never produces events twice
	CorrelationID string
	CausationID   string
	Session       string
	// IfMatch, when set, is the stream revision the caller last saw; a
	// different current revision is a conflict and is not retried.
	IfMatch *uint64
}

// Result is where a command's events landed.
type Result struct {
	Stream   string `json:"stream"`
	Revision uint64 `json:"revision"`
	Position uint64 `json:"position"`
}

// Aggregate binds the pure functions of one aggregate type, and a cache of
// folded states. Build it with NewAggregate.
type Aggregate[S any, C any] struct {
	Stream func(id string) string
	Codec  *domain.Codec
	Evolve func(S, domain.Event) S
	Decide func(S, C, domain.Actor, time.Time) ([]domain.Event, error)
	cache  *stateCache[S]
}

// DefaultCachedStreams bounds how many streams' states an aggregate keeps.
const DefaultCachedStreams = 20_000

// NewAggregate returns agg with a state cache of at most cachedStreams
// entries (DefaultCachedStreams if <= 0).
func NewAggregate[S any, C any](agg Aggregate[S, C], cachedStreams int) Aggregate[S, C] {
	if cachedStreams <= 0 {
		cachedStreams = DefaultCachedStreams
	}
	agg.cache = newStateCache[S](cachedStreams)
	return agg
}

// Executor runs commands against an event store.
type Executor struct {
	store      EventStore
	now        func() time.Time
	maxRetries int
}

// NewExecutor returns an executor; now is the clock (time.Now in production).
func NewExecutor(store EventStore, now func() time.Time) *Executor {
	return &Executor{store: store, now: now, maxRetries: 5}
}

// idNamespace roots the deterministic event ids.
var idNamespace = uuid.MustParse("6f1d3f7e-93a2-4c39-8d8e-0f5c2a7b9e11")

// EventID is the deterministic id of the index-th event a command appends to
// a stream.
func EventID(commandID, stream string, index int) uuid.UUID {
	return uuid.NewSHA1(idNamespace, fmt.Appendf(nil, "%s\x00%s\x00%d", commandID, stream, index))
}

// Execute decides the command on the aggregate's state and appends the
// events; on a revision conflict it reloads and decides again, up to a
// bound, then reports the conflict.
func Execute[S any, C any](ctx context.Context, x *Executor, agg Aggregate[S, C], id string, cmd C, meta Meta) (Result, error) {
	if meta.AccountID == "" || !meta.Actor.Valid() || meta.CommandID == "" {
		return Result{}, fmt.Errorf("command: account, actor and command id are required: %w", domain.ErrInvalid)
	}
	if agg.cache == nil {
		agg = NewAggregate(agg, 1)
	}
	stream := agg.Stream(id)
	for attempt := 0; ; attempt++ {
		res, err := executeOnce(ctx, x, agg, stream, cmd, meta)
		if !errors.Is(err, eventstore.ErrConflict) || meta.IfMatch != nil {
			return res, err
		}
		if attempt >= x.maxRetries {
			return Result{}, domain.Conflict("concurrent_update", "the stream changed %d times while this command was decided; try again", attempt+1)
		}
	}
}

func executeOnce[S any, C any](ctx context.Context, x *Executor, agg Aggregate[S, C], stream string, cmd C, meta Meta) (Result, error) {
	entry := agg.cache.acquire(stream)
	defer entry.mu.Unlock()
	now := x.now()
	var events []domain.Event
	for {
		fresh := !entry.valid
		if fresh {
			if err := load(ctx, x.store, agg, stream, meta.CommandID, entry); err != nil {
				entry.reset()
				return Result{}, err
			}
		}
		if entry.exists && entry.account != meta.AccountID {
			return Result{}, domain.NotFound("not_found", "no such %s", streamKind(stream))
		}
		if done, ok := entry.recent[meta.CommandID]; ok {
			return done, nil
		}
		if meta.IfMatch != nil && (!entry.exists || *meta.IfMatch != entry.revision) {
			if !fresh {
				entry.reset() // the cache may be behind another process: check on a fresh read
				continue
			}
			return Result{}, domain.Conflict("revision_mismatch", "If-Match revision %d does not match the current revision %s", *meta.IfMatch, revisionString(entry.exists, entry.revision))
		}
		var err error
		events, err = agg.Decide(entry.state, cmd, meta.Actor, now)
		if err == nil {
			break
		}
		if kind := domain.KindOf(err); fresh || (kind != domain.KindConflict && kind != domain.KindNotFound) {
			return Result{}, err
		}
		// The state refused the command, but the cache may be behind another
		// process, or the command a retry older than the remembered ones:
		// decide once more on a full read of the stream.
		entry.reset()
	}
	if len(events) == 0 {
		return Result{Stream: stream, Revision: entry.revision, Position: entry.position}, nil
	}
	data, err := encode(agg.Codec, stream, events, meta, now)
	if err != nil {
		return Result{}, err
	}
	expected, wantRevision := eventstore.NoStream(), uint64(len(events)-1)
	if entry.exists {
		expected, wantRevision = eventstore.Exact(entry.revision), entry.revision+uint64(len(events))
	}
	ar, err := x.store.Append(ctx, stream, expected, data)
	if err != nil {
		entry.reset() // whatever happened, the next command reads the stream again
		return Result{}, fmt.Errorf("command: append to %s: %w", stream, err)
	}
	res := Result{Stream: stream, Revision: ar.Revision, Position: ar.Position}
	if ar.Revision != wantRevision {
		// The store answered a retry of events appended earlier: the state
		// in memory no longer says where the stream is.
		entry.reset()
		return res, nil
	}
	for _, e := range events {
		entry.state = agg.Evolve(entry.state, e)
	}
	entry.exists, entry.account = true, meta.AccountID
	entry.revision, entry.position = ar.Revision, ar.Position
	entry.remember(meta.CommandID, res)
	return res, nil
}

func encode(codec *domain.Codec, stream string, events []domain.Event, meta Meta, now time.Time) ([]eventstore.EventData, error) {
	out := make([]eventstore.EventData, len(events))
	for i, e := range events {
		typ, version, data, err := codec.Encode(e)
		if err != nil {
			return nil, err
		}
		out[i] = eventstore.EventData{
			ID:            EventID(meta.CommandID, stream, i),
			Type:          typ,
			SchemaVersion: version,
			Data:          data,
			Metadata: eventstore.Metadata{
				AccountID:     meta.AccountID,
				Actor:         eventstore.Actor{Kind: string(meta.Actor.Kind), ID: meta.Actor.ID},
				OccurredAt:    now.UTC(),
				CommandID:     meta.CommandID,
				CorrelationID: firstNonEmpty(meta.CorrelationID, meta.CommandID),
				CausationID:   firstNonEmpty(meta.CausationID, meta.CommandID),
				Session:       meta.Session,
			},
		}
	}
	return out, nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
