package audit_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/parley-inbox/parley/audit"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/seed"
)

func TestHistoryPagesFiltersAndHidesOtherAccounts(t *testing.T) {
	e := newEnv(t, 6)
	ctx := t.Context()
	r, err := audit.NewReader(e.store)
	if err != nil {
		t.Fatal(err)
	}
	stream := conversation.StreamName(e.gen.ConversationID(0))
	all, err := e.store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Paging by revision returns every event once, in order, with its metadata.
	var got []audit.Record
	q := audit.HistoryQuery{Account: seed.AccountID(0), Stream: stream, Limit: 3}
	for pages := 0; ; pages++ {
		page, err := r.History(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, page.Data...)
		if page.NextRevision == nil {
			break
		}
		q.From = *page.NextRevision
		if pages > len(all) {
			t.Fatal("paging does not end")
		}
	}
	if len(got) != len(all) {
		t.Fatalf("paged %d events, stream has %d", len(got), len(all))
	}
	for i, rec := range got {
		ev := all[i]
		if rec.Revision != ev.Revision || rec.Position != ev.Position || rec.CommandID != ev.Metadata.CommandID ||
			rec.Actor != ev.Metadata.Actor || rec.Session != "seed" || rec.CorrelationID == "" || rec.ID != ev.ID.String() {
			t.Fatalf("record %d = %+v; want the metadata of %+v", i, rec, ev)
		}
	}
	// Filters: by type, by actor, by time range.
	page, err := r.History(ctx, audit.HistoryQuery{Account: seed.AccountID(0), Stream: stream,
		Filter: audit.Filter{Types: []string{conversation.TypeOpened}}})
	if err != nil || len(page.Data) != 1 || page.Data[0].Type != conversation.TypeOpened {
		t.Fatalf("type filter: %+v, %v", page.Data, err)
	}
	actor := all[len(all)-1].Metadata.Actor
	page, err = r.History(ctx, audit.HistoryQuery{Account: seed.AccountID(0), Stream: stream,
		Filter: audit.Filter{ActorKind: actor.Kind, ActorID: actor.ID}})
	if err != nil || len(page.Data) == 0 {
		t.Fatalf("actor filter: %+v, %v", page.Data, err)
	}
	for _, rec := range page.Data {
		if rec.Actor != actor {
			t.Fatalf("actor filter let %+v through", rec.Actor)
		}
	}
	from := all[1].Metadata.OccurredAt
	page, err = r.History(ctx, audit.HistoryQuery{Account: seed.AccountID(0), Stream: stream, Filter: audit.Filter{From: from}})
	if err != nil || len(page.Data) == 0 || page.Data[0].OccurredAt.Before(from) {
		t.Fatalf("time filter: %+v, %v", page.Data, err)
	}
	// Another account's stream, and a missing one, are not found.
	for _, acct := range []string{seed.AccountID(1), "nobody"} {
		if _, err := r.History(ctx, audit.HistoryQuery{Account: acct, Stream: stream}); !errors.Is(err, audit.ErrNotFound) {
			t.Fatalf("history of account %s's view of %s: %v; want ErrNotFound", acct, stream, err)
		}
	}
	if _, err := r.History(ctx, audit.HistoryQuery{Account: seed.AccountID(0), Stream: "conversation-missing"}); !errors.Is(err, audit.ErrNotFound) {
		t.Fatalf("missing stream: %v", err)
	}
}

func TestHistoryUpcastsOldVersions(t *testing.T) {
	e := newEnv(t, 1)
	ctx := t.Context()
	r, err := audit.NewReader(e.store)
	if err != nil {
		t.Fatal(err)
	}
	stream := conversation.StreamName(e.gen.ConversationID(0))
	meta := eventstore.Metadata{AccountID: seed.AccountID(0), Actor: eventstore.Actor{Kind: "contact", ID: "k"},
		OccurredAt: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), CommandID: "c-old", CorrelationID: "c-old", CausationID: "c-old"}
	v1 := `{"message_id":"old-1","type":"image","media_url":"https://cdn.example.com/x.jpg","sent_at":"2026-05-01T00:00:00Z","received_at":"2026-05-01T00:00:00Z","session":1}`
	res, err := e.store.Append(ctx, stream, eventstore.Any(), []eventstore.EventData{
		{ID: uuid.New(), Type: conversation.TypeMessageReceived, SchemaVersion: 1, Data: []byte(v1), Metadata: meta},
		{ID: uuid.New(), Type: conversation.TypeMessageReceived, SchemaVersion: 9, Data: []byte(`{}`), Metadata: meta},
	})
	if err != nil {
		t.Fatal(err)
	}
	page, err := r.History(ctx, audit.HistoryQuery{Account: seed.AccountID(0), Stream: stream, From: res.Revision - 1})
	if err != nil || len(page.Data) != 2 {
		t.Fatalf("history: %+v, %v", page, err)
	}
	old, future := page.Data[0], page.Data[1]
	var m struct {
		Media struct{ URL string } `json:"media"`
	}
	if err := json.Unmarshal(old.Data, &m); err != nil || old.SchemaVersion != 2 || old.StoredVersion != 1 || m.Media.URL == "" {
		t.Fatalf("v1 event = %+v (%v); want it upcast to v2 with media.url", old, err)
	}
	if future.UpcastError == "" || future.StoredVersion != 9 {
		t.Fatalf("unknown version = %+v; want it shown as stored with upcast_error", future)
	}
}
