package api_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/query"
)

// TestStreamCarriesInboxRows: with the real inbox projector and query
// service, every live conversation change carries the list row, read once
// the inbox view had reached the change.
func TestStreamCarriesInboxRows(t *testing.T) {
	e := newStreamEnv(t, true)
	q, err := query.NewService(e.db, query.Config{CursorKey: bytes.Repeat([]byte("k"), 32)})
	if err != nil {
		t.Fatal(err)
	}
	s := e.serve(t, serverOptions{stream: func(c *api.StreamConfig) {
		c.Progress = e.progress
		c.ConversationRow = api.QueryConversationRow(q, nil)
		c.RowWait = 5 * time.Second // generous for the race detector; rows are then always there
	}})
	c := connect(t, s, streamKeySeeded, nil, "")
	c.expect(t, "ready")
	opts := seed.SeedOptions{Conversations: 1, Seed: 7, Workers: 1, Prefix: "t-"}
	if err := seed.Seed(t.Context(), e.store, opts, nil); err != nil {
		t.Fatal(err)
	}
	gen, err := seed.NewGenerator(opts.Seed, 1, opts.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	// The conversation's stream is appended last (after its contact's).
	last, err := e.store.ReadStream(t.Context(), conversation.StreamName(gen.ConversationID(0)),
		eventstore.ReadStreamOptions{Direction: eventstore.Backwards, FromEnd: true, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	end := last[0].Position
	conversations := 0
	for {
		ev := c.event(t)
		var ch struct {
			change
			StreamRevision uint64 `json:"stream_revision"`
		}
		if err := json.Unmarshal([]byte(ev.Data), &ch); err != nil {
			t.Fatal(err)
		}
		if ch.ConversationID != "" {
			conversations++
			var row query.Conversation
			if err := json.Unmarshal(ch.Row, &row); err != nil || row.ID != ch.ConversationID || row.Revision < ch.StreamRevision {
				t.Fatalf("change %+v has row %s (%v)", ch, ch.Row, err)
			}
		}
		if ch.Position == end {
			break
		}
	}
	if conversations == 0 {
		t.Fatal("no conversation change")
	}
	t.Logf("%d conversation changes, each with its list row", conversations)
}
