// Package contract is the acceptance suite every eventstore.Store adapter
// passes: Run it from the adapter's tests with a constructor for a fresh
// store. The suite tolerates events of other tests in the same store (every
// test writes its own streams and only judges those), so a constructor may
// hand out one shared store or a new one per call.
package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/parley-inbox/parley/eventstore"
)

// Run runs the suite against the stores newStore makes. newStore is called
// once per subtest and must register its own cleanup (t.Cleanup).
func Run(t *testing.T, newStore func(t *testing.T) eventstore.Store) {
	tests := []struct {
		name     string
		parallel bool
		run      func(*testing.T, eventstore.Store)
	}{
		{"AppendAndReadBack", true, testAppendAndReadBack},
		{"Expectations", true, testExpectations},
		{"IdempotentRetry", true, testIdempotentRetry},
		{"IdempotentUnderLoad", true, testIdempotentUnderLoad},
		{"RacingWritersOnOneStream", false, testRacingWriters},
		{"ReadBackwards", true, testReadBackwards},
		{"StreamNotFound", true, testStreamNotFound},
		{"ReadAllInOrderAndComplete", true, testReadAll},
		{"SubscribeAllFromStart", true, testSubscribeFromStart},
		{"SubscribeAllFromMiddle", true, testSubscribeFromMiddle},
		{"SubscribeAllHandlerErrorStops", true, testSubscribeHandlerError},
		{"SubscribeAllCancelEnds", true, testSubscribeCancel},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.parallel {
				t.Parallel()
			}
			tc.run(t, newStore(t))
		})
	}
}

// waitTimeout bounds every wait for something asynchronous (a subscription
// delivering, the horizon passing an open transaction of another test).
const waitTimeout = 20 * time.Second

// fixture names a test's streams and builds its events.
type fixture struct {
	prefix  string
	account string
}

func newFixture() fixture {
	id := strings.ReplaceAll(uuid.NewString(), "-", "")[:12]
	return fixture{prefix: "contract" + id, account: "acct-" + id}
}

func (f fixture) stream(name string) string { return f.prefix + "-" + name }

func (f fixture) owns(e eventstore.RecordedEvent) bool {
	return strings.HasPrefix(e.Stream, f.prefix+"-")
}

// event builds event i of a command: deterministic fields a round trip must
// keep, times at microsecond precision in a non-UTC zone.
func (f fixture) event(typ string, i int) eventstore.EventData {
	zone := time.FixedZone("UTC+2", 2*60*60)
	at := time.Date(2026, 11, 26, 15, 4, 5, 123456000+i*1000, zone)
	return eventstore.EventData{
		ID:            uuid.New(),
		Type:          typ,
		SchemaVersion: 1 + i%3,
		Data:          fmt.Appendf(nil, `{"index": %d, "text": "héllo \"%d\"", "nested": {"b": [1, 2], "a": null}}`, i, i),
		Metadata: eventstore.Metadata{
			AccountID:     f.account,
			Actor:         eventstore.Actor{Kind: "agent", ID: fmt.Sprintf("agent-%d", i%4)},
			OccurredAt:    at,
			CommandID:     uuid.NewString(),
			CorrelationID: uuid.NewString(),
			CausationID:   uuid.NewString(),
			Session:       "session-" + f.prefix,
		},
	}
}

func (f fixture) events(typ string, n int) []eventstore.EventData {
	out := make([]eventstore.EventData, n)
	for i := range out {
		out[i] = f.event(typ, i)
	}
	return out
}

// sameEvent reports how got differs from the appended want, or "".
// JSON payloads compare by value (a store may normalise formatting).
func sameEvent(want eventstore.EventData, got eventstore.RecordedEvent) string {
	var diffs []string
	if got.ID != want.ID || got.Type != want.Type || got.SchemaVersion != want.SchemaVersion {
		diffs = append(diffs, fmt.Sprintf("id/type/version %s/%s/%d, want %s/%s/%d",
			got.ID, got.Type, got.SchemaVersion, want.ID, want.Type, want.SchemaVersion))
	}
	if !sameJSON(want.Data, got.Data) {
		diffs = append(diffs, fmt.Sprintf("data %s, want %s", got.Data, want.Data))
	}
	gm, wm := got.Metadata, want.Metadata
	if !gm.OccurredAt.Equal(wm.OccurredAt) {
		diffs = append(diffs, fmt.Sprintf("occurred at %s, want %s", gm.OccurredAt, wm.OccurredAt))
	}
	gm.OccurredAt, wm.OccurredAt = time.Time{}, time.Time{}
	if gm != wm {
		diffs = append(diffs, fmt.Sprintf("metadata %+v, want %+v", gm, wm))
	}
	if got.RecordedAt.IsZero() {
		diffs = append(diffs, "recorded at is zero")
	}
	return strings.Join(diffs, "; ")
}

func sameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(x, y)
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func mustAppend(t *testing.T, ctx context.Context, s eventstore.Store, stream string, exp eventstore.Expected, events []eventstore.EventData) eventstore.AppendResult {
	t.Helper()
	res, err := s.Append(ctx, stream, exp, events)
	if err != nil {
		t.Fatalf("append %d events to %s (expected %s): %v", len(events), stream, exp, err)
	}
	return res
}

func mustRead(t *testing.T, ctx context.Context, s eventstore.Store, stream string, opts eventstore.ReadStreamOptions) []eventstore.RecordedEvent {
	t.Helper()
	events, err := s.ReadStream(ctx, stream, opts)
	if err != nil {
		t.Fatalf("read %s %+v: %v", stream, opts, err)
	}
	return events
}
