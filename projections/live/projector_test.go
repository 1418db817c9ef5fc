package live_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/projections/live"
)

func TestProjectorThroughRuntimeWritesChanges(t *testing.T) {
	e := newEnv(t)
	hub, _ := startHub(t, e.db, live.HubConfig{})
	sub := subscribe(t, hub, "acme")
	e.startRuntime(t)

	e.message(t, "acme", "c1", "  hello\n  there ")
	e.appendTo(t, "conversation-c1", event("acme", "conversation.tag_applied", map[string]any{"tag": "vip"}))
	e.appendTo(t, "contact-k1", event("acme", "contact.profile_updated", map[string]any{"name": "Private Person"}))
	e.appendTo(t, "inbox-i1", event("acme", "inbox.created", map[string]any{})) // not handled

	want := []struct{ kind, typ, conv, contact string }{
		{live.KindTimelineEntry, "conversation.message_received", "c1", ""},
		{live.KindConversationUpdated, "conversation.tag_applied", "c1", ""},
		{live.KindContactUpdated, "contact.profile_updated", "", "k1"},
	}
	var last uint64
	for i, w := range want {
		ch := next(t, sub)
		if ch.Kind != w.kind || ch.EventType != w.typ || ch.ConversationID != w.conv || ch.ContactID != w.contact {
			t.Fatalf("change %d = %+v, want %+v", i, ch, w)
		}
		if ch.Seq <= last || ch.Position == 0 || ch.AccountID != "acme" {
			t.Fatalf("change %d: seq %d after %d, position %d, account %q", i, ch.Seq, last, ch.Position, ch.AccountID)
		}
		last = ch.Seq
		var s live.Summary
		if err := json.Unmarshal(ch.Payload, &s); err != nil {
			t.Fatal(err)
		}
		if s.Type != w.typ || s.Actor.ID != "ann" || s.OccurredAt.IsZero() {
			t.Errorf("summary %d = %+v", i, s)
		}
		switch i {
		case 0:
			if s.Preview != "hello there" || s.MessageID == "" {
				t.Errorf("message summary = %+v", s)
			}
		case 2:
			if s.Preview != "" || strings.Contains(string(ch.Payload), "Private") {
				t.Errorf("contact summary leaks data: %s", ch.Payload)
			}
		}
	}
}

// TestOneNotifyPerTransaction: a batch of events queues one NOTIFY carrying
// the highest seq; re-applying the same events inserts and announces nothing.
func TestOneNotifyPerTransaction(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	conn, err := pgx.ConnectConfig(ctx, e.db.Config().ConnConfig.Copy())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "LISTEN "+live.NotifyChannel); err != nil {
		t.Fatal(err)
	}
	sentinel := func(payload string) {
		if _, err := e.db.Exec(ctx, `SELECT pg_notify($1, $2)`, live.NotifyChannel, payload); err != nil {
			t.Fatal(err)
		}
	}
	notification := func() string {
		wctx, cancel := contextWithin(t, 10*time.Second)
		defer cancel()
		n, err := conn.WaitForNotification(wctx)
		if err != nil {
			t.Fatal(err)
		}
		return n.Payload
	}

	evs := recorded("acme", "c1", 100, 3)
	applyDirect(t, e.db, evs)
	sentinel("sentinel-1")
	got := seqs(t, e.db, "acme")
	if len(got) != 3 {
		t.Fatalf("rows = %v, want 3", got)
	}
	if p := notification(); p != strconv.FormatUint(got[2], 10) {
		t.Fatalf("first notification = %q, want highest seq %d", p, got[2])
	}
	if p := notification(); p != "sentinel-1" {
		t.Fatalf("second notification = %q, want the sentinel (one NOTIFY per transaction)", p)
	}

	applyDirect(t, e.db, evs) // redelivery
	sentinel("sentinel-2")
	if p := notification(); p != "sentinel-2" {
		t.Fatalf("re-applying notified %q", p)
	}
	if again := seqs(t, e.db, "acme"); len(again) != 3 {
		t.Fatalf("re-applying wrote rows: %v", again)
	}
}
