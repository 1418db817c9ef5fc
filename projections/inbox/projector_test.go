package inbox

import (
	"strings"
	"testing"

	"github.com/parley-inbox/parley/eventstore"
)

// One-event transactions (Apply), small and large batches, and delivering
// every event twice (one by one, then the whole log again) give identical
// views.
func TestBatchingAndRedeliveryGiveIdenticalViews(t *testing.T) {
	evs := generated(t, 150, 2)
	pool := newDB(t, "inbox", "inbox_b7", "inbox_b500", "inbox_dup")
	project(t, pool, newProjector(t, "inbox"), evs, 1)
	want := fingerprint(t, pool, "inbox")

	project(t, pool, newProjector(t, "inbox_b7"), evs, 7)
	sameFingerprints(t, "batches of 7", want, fingerprint(t, pool, "inbox_b7"))
	project(t, pool, newProjector(t, "inbox_b500"), evs, 500)
	sameFingerprints(t, "batches of 500", want, fingerprint(t, pool, "inbox_b500"))

	twice := make([]eventstore.RecordedEvent, 0, 2*len(evs))
	for _, ev := range evs {
		twice = append(twice, ev, ev)
	}
	dup := newProjector(t, "inbox_dup")
	project(t, pool, dup, twice, 1)
	sameFingerprints(t, "every event twice", want, fingerprint(t, pool, "inbox_dup"))
	project(t, pool, dup, evs, 64) // the whole log again, batched
	sameFingerprints(t, "log replayed", want, fingerprint(t, pool, "inbox_dup"))
}

// An event of a conversation the view has never seen opened cannot be
// applied: the projector fails loudly instead of inventing a row.
func TestEventBeforeOpenedIsAnError(t *testing.T) {
	evs := generated(t, 1, 1)
	pool := newDB(t, "inbox")
	p := newProjector(t, "inbox")
	var later eventstore.RecordedEvent
	for _, ev := range evs {
		if ev.Revision > 0 && strings.HasPrefix(ev.Stream, "conversation-") {
			later = ev
			break
		}
	}
	tx, err := pool.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(t.Context()) }()
	if err := p.Apply(t.Context(), tx, later); err == nil || !strings.Contains(err.Error(), "before conversation.opened") {
		t.Fatalf("applying %s@%d first: %v", later.Type, later.Revision, err)
	}
}
