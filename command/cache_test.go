package command_test

import (
	"context"
	"testing"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// Two processes (two Handlers with their own caches) write one conversation:
// a stale cache costs a reload, never a lost or duplicated event.
func TestStaleCacheOfAnotherProcessReloads(t *testing.T) {
	store := newStore(t)
	a, b := newHandlers(t, store), newHandlers(t, store)
	ctx := context.Background()
	open(t, a, "shared")
	if _, err := a.Conversation(ctx, "shared", conversation.ApplyTag{Tag: "one"}, meta("a-1")); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Conversation(ctx, "shared", conversation.ApplyTag{Tag: "two"}, meta("b-1")); err != nil {
		t.Fatal(err)
	}
	// a's cache is one revision behind: its append conflicts, it reloads.
	res, err := a.Conversation(ctx, "shared", conversation.Close{}, meta("a-2"))
	if err != nil {
		t.Fatal(err)
	}
	// b's cache still thinks the conversation is open: closing it again is
	// refused on the reloaded state, as a conflict.
	if _, err := b.Conversation(ctx, "shared", conversation.Close{}, meta("b-2")); domain.KindOf(err) != domain.KindConflict {
		t.Fatalf("second close through a stale cache: err = %v, want conflict", err)
	}
	// A retry of a's close through b answers where it landed.
	again, err := b.Conversation(ctx, "shared", conversation.Close{}, meta("a-2"))
	if err != nil || again != res {
		t.Fatalf("retry through the other process = %+v, %v; want %+v", again, err, res)
	}
	recs, err := store.ReadStream(ctx, conversation.StreamName("shared"), eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tags := map[string]bool{}
	closes := 0
	for _, r := range recs {
		switch r.Type {
		case conversation.TypeTagApplied:
			tags[string(r.Data)] = true
		case conversation.TypeClosed:
			closes++
		}
	}
	if len(tags) != 2 || closes != 1 {
		t.Fatalf("tags %v closes %d; want both tags and one close", tags, closes)
	}
}

// If-Match is checked against the stream, not against a cache that another
// process has left behind.
func TestIfMatchSeesAnotherProcessesWrite(t *testing.T) {
	store := newStore(t)
	a, b := newHandlers(t, store), newHandlers(t, store)
	ctx := context.Background()
	open(t, a, "etag2")
	res, err := b.Conversation(ctx, "etag2", conversation.ApplyTag{Tag: "x"}, meta("b-tag"))
	if err != nil {
		t.Fatal(err)
	}
	m := meta("a-tag")
	m.IfMatch = &res.Revision
	if _, err := a.Conversation(ctx, "etag2", conversation.ApplyTag{Tag: "y"}, m); err != nil {
		t.Fatalf("If-Match with the current revision, through a stale cache: %v", err)
	}
}
