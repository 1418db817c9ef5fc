package audit_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/parley-inbox/parley/audit"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/inbox"
	"github.com/parley-inbox/parley/query"
)

// TestAsOfLatestEqualsLiveView folds every generated conversation and
// contact up to its latest revision and compares it with the live view the
// inbox projector built, field by field, for viewers with and without PII.
func TestAsOfLatestEqualsLiveView(t *testing.T) {
	const n = 60
	e := newEnv(t, n)
	ctx := t.Context()
	p, err := inbox.NewProjector(inbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := projections.Rebuild(ctx, e.pool, e.store, p, projections.RebuildOptions{}); err != nil {
		t.Fatal(err)
	}
	svc, err := query.NewService(e.pool, query.Config{CursorKey: []byte("a-cursor-key-of-at-least-32-bytes!!")})
	if err != nil {
		t.Fatal(err)
	}
	r, err := audit.NewReader(e.store)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for i := range n {
		h, err := e.gen.History(i)
		if err != nil {
			t.Fatal(err)
		}
		id := e.gen.ConversationID(i)
		for _, v := range []query.Viewer{
			{AccountID: h.Account, AgentID: seed.AgentID(i%2, 0)},
			{AccountID: h.Account, AgentID: seed.AgentID(i%2, 1), SeePII: true, SeePrivate: true},
		} {
			live, err := svc.GetConversation(ctx, v, id)
			if err != nil {
				t.Fatal(err)
			}
			rev := live.Revision
			past, err := r.ConversationAt(ctx, v, id, audit.AsOf{Revision: &rev})
			if err != nil {
				t.Fatal(err)
			}
			assertSameJSON(t, id, live, past.Conversation)
			if past.MessageCount != len(past.Messages) {
				t.Fatalf("%s: %d messages listed, count %d", id, len(past.Messages), past.MessageCount)
			}
			if h.Contact != nil {
				kid := e.gen.ContactID(i)
				liveK, err := svc.GetContact(ctx, v, kid)
				if err != nil {
					t.Fatal(err)
				}
				pastK, err := r.ContactAt(ctx, v, kid, audit.AsOf{Revision: &liveK.Revision})
				if err != nil {
					t.Fatal(err)
				}
				liveK.Conversations, pastK.Conversations = nil, nil // not reconstructed
				assertSameJSON(t, kid, liveK, pastK.Contact)
			}
			checked++
		}
	}
	t.Logf("%d conversation views compared", checked)
}

func assertSameJSON(t *testing.T, id string, want, got any) {
	t.Helper()
	a, _ := json.Marshal(want)
	b, _ := json.Marshal(got)
	var x, y map[string]any
	_ = json.Unmarshal(a, &x)
	_ = json.Unmarshal(b, &y)
	for k := range x {
		if !reflect.DeepEqual(x[k], y[k]) {
			t.Errorf("%s: field %q: live %v, as_of %v", id, k, x[k], y[k])
		}
	}
}

func TestAsOfTimeShowsThePast(t *testing.T) {
	e := newEnv(t, 4)
	ctx := t.Context()
	r, err := audit.NewReader(e.store)
	if err != nil {
		t.Fatal(err)
	}
	id := e.gen.ConversationID(0)
	evs, err := e.store.ReadStream(ctx, conversation.StreamName(id), eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v := query.Viewer{AccountID: seed.AccountID(0)}
	first := evs[0].Metadata.OccurredAt
	past, err := r.ConversationAt(ctx, v, id, audit.AsOf{Time: first})
	if err != nil {
		t.Fatal(err)
	}
	if past.AsOf.Revision >= evs[len(evs)-1].Revision || past.Status == "" || past.Revision != past.AsOf.Revision {
		t.Fatalf("as of the first event's time: %+v", past.AsOf)
	}
	if _, err := r.ConversationAt(ctx, v, id, audit.AsOf{Time: first.Add(-time.Hour)}); !errors.Is(err, audit.ErrNotYet) {
		t.Fatalf("before the first event: %v; want ErrNotYet", err)
	}
	var steps int
	err = r.ReplayConversation(ctx, v, id, audit.AsOf{Time: time.Now()}, func(s audit.Step) error {
		steps++
		if s.State.Revision != s.Record.Revision {
			t.Fatalf("step %d: state revision %d after event %d", steps, s.State.Revision, s.Record.Revision)
		}
		return nil
	})
	if err != nil || steps != len(evs) {
		t.Fatalf("replay: %d steps, %v; want %d", steps, err, len(evs))
	}
}
