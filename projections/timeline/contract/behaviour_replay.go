package contract

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parley-inbox/parley/projections/timeline"
)

// snapshot is every answer the suite compares, as JSON.
func snapshot(t *testing.T, r timeline.Reader) string {
	t.Helper()
	var parts []any
	for _, c := range []string{"c1", "c2"} {
		parts = append(parts, allPages(t, r, AccountX, c, timeline.TimelineQuery{}))
	}
	parts = append(parts, search(t, r, AccountX, timeline.SearchQuery{Text: "o", Mode: timeline.ModePrefix}))
	parts = append(parts, metrics(t, r, timeline.MetricsQuery{From: T0.Add(-time.Hour), To: T0.Add(72 * time.Hour), Interval: timeline.IntervalDay}))
	b, err := json.Marshal(parts)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func testReplay(t *testing.T, a Adapter) {
	evs := Scenario(t)
	Project(t, a, evs, len(evs))
	want := snapshot(t, a.Reader)
	// The whole log again (a redelivery), in other batch sizes.
	Project(t, a, evs, 4)
	Project(t, a, evs, 1)
	if got := snapshot(t, a.Reader); got != want {
		t.Fatalf("replaying the log changed the answers:\n got %s\nwant %s", got, want)
	}
	// A stale write: documents folded from a prefix of the log.
	f := NewFolder(t)
	stale, err := f.Fold(context.Background(), emptyDocs{}, evs[:10])
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Docs.Write(context.Background(), stale); err != nil {
		t.Fatal(err)
	}
	if a.Sync != nil {
		if err := a.Sync(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if got := snapshot(t, a.Reader); got != want {
		t.Fatalf("a stale write changed the answers:\n got %s\nwant %s", got, want)
	}
}

// emptyDocs is a DocStore with nothing stored and no writes.
type emptyDocs struct{}

func (emptyDocs) Load(context.Context, timeline.Keys) (timeline.Docs, error) {
	return timeline.Docs{}, nil
}
func (emptyDocs) Write(context.Context, timeline.Changes) error { return nil }

func testPhones(t *testing.T, a Adapter) {
	evs := Scenario(t)
	Project(t, a, evs, 2)
	docs, err := a.Docs.Load(context.Background(), timeline.Keys{Contacts: []string{"k1"}})
	if err != nil {
		t.Fatal(err)
	}
	k1 := docs.Contacts["k1"]
	want := timeline.NewPhoneHasher([]byte(PhoneKey)).Hash("+4915112345678")
	if !reflect.DeepEqual(k1.PhoneLast4, []string{"5678"}) || !reflect.DeepEqual(k1.PhoneHashes, []string{want}) {
		t.Fatalf("k1 = %+v", k1)
	}
	raw, _ := json.Marshal(k1)
	if strings.Contains(string(raw), "12345678") {
		t.Fatalf("raw phone number stored: %s", raw)
	}
}
