package command_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var t0 = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

func newStore(t *testing.T) *postgres.Store {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.Pool(t)
	if err := postgres.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	store, err := postgres.New(ctx, pool, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return store
}

func newHandlers(t *testing.T, store command.EventStore) *command.Handlers {
	t.Helper()
	h, err := command.NewHandlers(store, command.StaticAgents{"acme": {"alice", "bob"}}, func() time.Time { return t0 })
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func meta(cmdID string) command.Meta {
	return command.Meta{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "alice"}, CommandID: cmdID}
}

func open(t *testing.T, h *command.Handlers, id string) command.Result {
	t.Helper()
	res, err := h.Conversation(context.Background(), id, conversation.OpenConversation{
		InboxID: "wa-main", Channel: conversation.ChannelWhatsApp, ContactID: "c1",
		FirstInbound: &conversation.ReceiveMessage{MessageID: "m1", Type: conversation.TypeText, Text: "hi", SentAt: t0},
	}, meta("open-"+id))
	if err != nil {
		t.Fatalf("open %s: %v", id, err)
	}
	return res
}

func TestSameCommandIDAppendsOnce(t *testing.T) {
	store := newStore(t)
	h := newHandlers(t, store)
	open(t, h, "conv1")
	first, err := h.Conversation(context.Background(), "conv1", conversation.Close{Reason: "done"}, meta("close-1"))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		again, err := h.Conversation(context.Background(), "conv1", conversation.Close{Reason: "done"}, meta("close-1"))
		if err != nil {
			t.Fatalf("retry %d: %v", i, err)
		}
		if again != first {
			t.Fatalf("retry %d answered %+v, first answer was %+v", i, again, first)
		}
	}
	recs, err := store.ReadStream(context.Background(), conversation.StreamName("conv1"), eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	closes := 0
	for _, r := range recs {
		if r.Type == conversation.TypeClosed {
			closes++
		}
		if r.Metadata.AccountID != "acme" || r.Metadata.Actor.ID != "alice" || r.Metadata.CommandID == "" {
			t.Errorf("event %s lacks metadata: %+v", r.Type, r.Metadata)
		}
	}
	if closes != 1 {
		t.Fatalf("closed events = %d, want 1", closes)
	}
	// A different command id closing again is a conflict, not a duplicate.
	_, err = h.Conversation(context.Background(), "conv1", conversation.Close{}, meta("close-2"))
	if domain.KindOf(err) != domain.KindConflict {
		t.Fatalf("second close: err = %v, want a conflict", err)
	}
}

func TestConcurrentCommandsOnOneConversationAllLand(t *testing.T) {
	store := newStore(t)
	h := newHandlers(t, store)
	open(t, h, "busy")
	const writers = 8
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := 0; i < writers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := h.Conversation(context.Background(), "busy", conversation.ApplyTag{Tag: fmt.Sprintf("tag-%d", i)}, meta(fmt.Sprintf("tag-%d", i)))
			errs <- err
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil && domain.KindOf(err) != domain.KindConflict {
			t.Fatalf("unexpected error: %v", err)
		}
	}
	recs, err := store.ReadStream(context.Background(), conversation.StreamName("busy"), eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range recs {
		if r.Revision != uint64(i) {
			t.Fatalf("revision %d at index %d", r.Revision, i)
		}
	}
}

func TestOtherAccountSeesNotFound(t *testing.T) {
	h := newHandlers(t, newStore(t))
	open(t, h, "private")
	m := meta("peek")
	m.AccountID = "globex"
	_, err := h.Conversation(context.Background(), "private", conversation.ApplyTag{Tag: "x"}, m)
	if domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("err = %v, want not found", err)
	}
}

func TestIfMatch(t *testing.T) {
	h := newHandlers(t, newStore(t))
	res := open(t, h, "etag")
	stale := res.Revision + 5
	m := meta("tag-stale")
	m.IfMatch = &stale
	if _, err := h.Conversation(context.Background(), "etag", conversation.ApplyTag{Tag: "x"}, m); domain.KindOf(err) != domain.KindConflict {
		t.Fatalf("stale If-Match: err = %v, want conflict", err)
	}
	m = meta("tag-fresh")
	m.IfMatch = &res.Revision
	got, err := h.Conversation(context.Background(), "etag", conversation.ApplyTag{Tag: "x"}, m)
	if err != nil || got.Revision != res.Revision+1 {
		t.Fatalf("fresh If-Match: %+v, %v", got, err)
	}
}

func TestInvalidInputAppendsNothing(t *testing.T) {
	store := newStore(t)
	h := newHandlers(t, store)
	res := open(t, h, "bad")
	cases := []conversation.Command{
		conversation.ApplyTag{Tag: ""},
		conversation.AddNote{NoteID: "n1", Text: "hi @mallory", Mentions: []string{"mallory"}},
		conversation.Snooze{Until: t0.Add(-time.Hour)},
	}
	for i, c := range cases {
		_, err := h.Conversation(context.Background(), "bad", c, meta(fmt.Sprintf("bad-%d", i)))
		if domain.KindOf(err) != domain.KindInvalid && domain.KindOf(err) != domain.KindConflict {
			t.Errorf("%T: err = %v, want an input error", c, err)
		}
	}
	if _, err := h.Conversation(context.Background(), "../etc", conversation.Reopen{}, meta("path")); domain.KindOf(err) != domain.KindInvalid {
		t.Errorf("bad id: err = %v", err)
	}
	recs, _ := store.ReadStream(context.Background(), conversation.StreamName("bad"), eventstore.ReadStreamOptions{})
	if last := recs[len(recs)-1].Revision; last != res.Revision {
		t.Fatalf("revision moved from %d to %d on bad input", res.Revision, last)
	}
}

func TestMergeIsRecordedOnBothStreamsAndUndoneWhenTargetRefuses(t *testing.T) {
	store := newStore(t)
	h := newHandlers(t, store)
	ctx := context.Background()
	for _, id := range []string{"ann", "ann-dup"} {
		if _, err := h.Contact(ctx, id, contact.CreateContact{DisplayName: id}, meta("create-"+id)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := h.MergeContacts(ctx, "ann-dup", "ann", meta("merge")); err != nil {
		t.Fatal(err)
	}
	for stream, want := range map[string]string{contact.StreamName("ann-dup"): "contact.merged_into", contact.StreamName("ann"): "contact.merged_from"} {
		recs, err := store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{Direction: eventstore.Backwards, FromEnd: true, Limit: 1})
		if err != nil || recs[0].Type != want {
			t.Fatalf("%s ends with %v (%v), want %s", stream, recs, err, want)
		}
	}
	// Merging into a contact that does not exist leaves the source unmerged.
	if _, err := h.Contact(ctx, "bo", contact.CreateContact{DisplayName: "Bo"}, meta("create-bo")); err != nil {
		t.Fatal(err)
	}
	if _, err := h.MergeContacts(ctx, "bo", "ghost", meta("merge-ghost")); domain.KindOf(err) != domain.KindNotFound {
		t.Fatalf("merge into ghost: err = %v, want not found", err)
	}
	if _, err := h.Contact(ctx, "bo", contact.ApplyTag{Tag: "still-usable"}, meta("tag-bo")); err != nil {
		t.Fatalf("source still merged after refused merge: %v", err)
	}
}
