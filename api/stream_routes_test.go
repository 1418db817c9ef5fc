package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"github.com/parley-inbox/parley/projections/live"
)

// change decodes a change event's data.
type change struct {
	Seq            uint64          `json:"seq"`
	Kind           string          `json:"kind"`
	ConversationID string          `json:"conversation_id"`
	Position       uint64          `json:"position"`
	Summary        live.Summary    `json:"summary"`
	Row            json.RawMessage `json:"row"`
}

func decodeChange(t *testing.T, ev sseEvent) change {
	t.Helper()
	var ch change
	if err := json.Unmarshal([]byte(ev.Data), &ch); err != nil {
		t.Fatalf("change data %q: %v", ev.Data, err)
	}
	if id, err := strconv.ParseUint(ev.ID, 10, 64); err != nil || id != ch.Seq {
		t.Fatalf("event id %q does not match seq %d", ev.ID, ch.Seq)
	}
	return ch
}

func TestStreamDeliversTheCallersAccountOnlyWithIncreasingIDs(t *testing.T) {
	e := newStreamEnv(t, false)
	s := e.serve(t, serverOptions{})
	acme, globex := connect(t, s, streamKeyAcme, nil, ""), connect(t, s, streamKeyGlobex, nil, "")
	acme.expect(t, "ready")
	globex.expect(t, "ready")

	var positions []uint64
	for _, conv := range []string{"c1", "c2", "c1"} {
		positions = append(positions, e.message(t, "acme", conv))
	}
	e.message(t, "globex", "g1")
	var last uint64
	for i, pos := range positions {
		ch := decodeChange(t, acme.expect(t, live.KindTimelineEntry))
		if ch.Position != pos || ch.Seq <= last || ch.Summary.Preview == "" {
			t.Fatalf("change %d = %+v, want position %d and seq > %d", i, ch, pos, last)
		}
		last = ch.Seq
	}
	// globex's first change is its own: acme's never reached it.
	if ch := decodeChange(t, globex.expect(t, live.KindTimelineEntry)); ch.ConversationID != "g1" {
		t.Fatalf("globex got %+v", ch)
	}
}

func TestStreamResumesFromLastEventID(t *testing.T) {
	e := newStreamEnv(t, false)
	s := e.serve(t, serverOptions{})
	watcher := connect(t, s, streamKeyAcme, nil, "")
	watcher.expect(t, "ready")
	first := connect(t, s, streamKeyAcme, nil, "")
	first.expect(t, "ready")
	e.message(t, "acme", "c0")
	seen := first.expect(t, live.KindTimelineEntry).ID
	watcher.expect(t, live.KindTimelineEntry)
	first.close()

	var missed []string
	for _, conv := range []string{"c1", "c2", "c3"} {
		e.message(t, "acme", conv)
		missed = append(missed, watcher.expect(t, live.KindTimelineEntry).ID) // committed and fanned out
	}
	e.message(t, "globex", "g1") // another account's change in between is not replayed

	for _, how := range []struct {
		name   string
		header http.Header
		query  string
	}{
		{"header", http.Header{"Last-Event-Id": {seen}}, ""},
		{"query", nil, "?last_event_id=" + seen},
	} {
		t.Run(how.name, func(t *testing.T) {
			again := connect(t, s, streamKeyAcme, how.header, how.query)
			var got []string
			for range missed {
				got = append(got, again.expect(t, live.KindTimelineEntry).ID)
			}
			if !slices.Equal(got, missed) {
				t.Fatalf("replayed %v, want %v", got, missed)
			}
			// ready carries an id only if the hub's cursor is past the last
			// replayed change (here: globex's change).
			ready := again.expect(t, "ready")
			if ready.ID != "" && seqOf(t, ready.ID) <= seqOf(t, missed[len(missed)-1]) {
				t.Fatalf("ready after replay = %+v", ready)
			}
			e.message(t, "acme", "c4-"+how.name) // and then it is live
			if ch := decodeChange(t, again.expect(t, live.KindTimelineEntry)); ch.ConversationID != "c4-"+how.name {
				t.Fatalf("live change after resume = %+v", ch)
			}
			missed = append(missed, watcher.expect(t, live.KindTimelineEntry).ID)
			again.close()
		})
	}
}

func seqOf(t *testing.T, id string) uint64 {
	t.Helper()
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		t.Fatalf("event id %q: %v", id, err)
	}
	return n
}
