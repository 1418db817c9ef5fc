package query

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections/inbox"
)

// A contact's history includes the conversations of contacts merged into it.
func TestContactHistoryIncludesMergedContacts(t *testing.T) {
	f := newFixture(t, 12)
	ctx := context.Background()
	who := viewer
	target, err := f.svc.GetConversation(ctx, who, f.gen.ConversationID(0))
	if err != nil {
		t.Fatal(err)
	}
	source, err := f.svc.GetConversation(ctx, who, f.gen.ConversationID(4))
	if err != nil {
		t.Fatal(err)
	}
	if source.Contact.ID == target.Contact.ID {
		t.Skip("the generator reused the contact")
	}
	k, err := f.svc.GetContact(ctx, who, target.Contact.ID)
	if err != nil {
		t.Fatal(err)
	}
	codec, err := contact.NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	typ, v, data, err := codec.Encode(contact.MergedFrom{SourceID: source.Contact.ID})
	if err != nil {
		t.Fatal(err)
	}
	p, err := inbox.NewProjector(inbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := f.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ev := eventstore.RecordedEvent{Stream: contact.StreamName(target.Contact.ID), Revision: k.Revision + 1, Position: 1 << 40,
		EventData: eventstore.EventData{ID: uuid.New(), Type: typ, SchemaVersion: v, Data: data,
			Metadata: eventstore.Metadata{AccountID: viewer.AccountID, OccurredAt: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	if err := p.Apply(ctx, tx, ev); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	merged, err := f.svc.GetContact(ctx, who, target.Contact.ID)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(merged.Conversations))
	for i, c := range merged.Conversations {
		ids[i] = c.ID
	}
	if !slices.Contains(merged.MergedFrom, source.Contact.ID) || !slices.Contains(ids, source.ID) || !slices.Contains(ids, target.ID) {
		t.Errorf("merged contact: merged_from %v, conversations %v; want %s and %s", merged.MergedFrom, ids, target.ID, source.ID)
	}
}
