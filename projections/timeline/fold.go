package timeline

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// Folder turns events into documents. It is the one place that decides what
// a document holds, shared by every adapter; it keeps no state between calls.
type Folder struct {
	convs    *domain.Codec
	contacts *domain.Codec
	phones   PhoneHasher
}

// NewFolder returns a folder; phones hashes contact phone numbers.
func NewFolder(phones PhoneHasher) (*Folder, error) {
	convs, err := conversation.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	contacts, err := contact.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	return &Folder{convs: convs, contacts: contacts, phones: phones}, nil
}

// Handles reports whether eventType changes a timeline document.
func (f *Folder) Handles(eventType string) bool {
	return f.convs.Knows(eventType) || f.contacts.Knows(eventType)
}

// decoded is an event with its payload and the id of its aggregate.
type decoded struct {
	ev      eventstore.RecordedEvent
	payload domain.Event
	conv    string // conversation id, or "" for a contact event
	contact string
}

// Project loads the documents evs need from store, folds evs into them and
// writes the changed ones. It returns the number of documents written.
// Events of other streams and types are ignored.
func (f *Folder) Project(ctx context.Context, store DocStore, evs []eventstore.RecordedEvent) (int, error) {
	ch, err := f.Fold(ctx, store, evs)
	if err != nil {
		return 0, err
	}
	if ch.Len() == 0 {
		return 0, nil
	}
	if err := store.Write(ctx, ch); err != nil {
		return 0, fmt.Errorf("timeline: write %d documents: %w", ch.Len(), err)
	}
	return ch.Len(), nil
}

// Fold loads what evs need from store and returns the changed documents.
func (f *Folder) Fold(ctx context.Context, store DocStore, evs []eventstore.RecordedEvent) (Changes, error) {
	ds, err := f.decode(evs)
	if err != nil || len(ds) == 0 {
		return Changes{}, err
	}
	b, err := load(ctx, store, ds)
	if err != nil {
		return Changes{}, err
	}
	for _, d := range ds {
		if d.conv != "" {
			b.applyConversation(d)
		} else {
			b.applyContact(d, f.phones)
		}
	}
	return b.changes(), nil
}

func (f *Folder) decode(evs []eventstore.RecordedEvent) ([]decoded, error) {
	out := make([]decoded, 0, len(evs))
	for _, ev := range evs {
		var d decoded
		codec := f.convs
		if id, ok := conversation.IDFromStream(ev.Stream); ok {
			d.conv = id
		} else if id, ok := contact.IDFromStream(ev.Stream); ok {
			d.contact, codec = id, f.contacts
		} else {
			continue
		}
		if !codec.Knows(ev.Type) {
			continue
		}
		p, err := codec.Decode(ev.Type, ev.SchemaVersion, ev.Data)
		if err != nil {
			return nil, fmt.Errorf("timeline: event %s at %d (%s): %w", ev.ID, ev.Position, ev.Type, err)
		}
		d.ev, d.payload = ev, p
		out = append(out, d)
	}
	return out, nil
}

// batch holds the documents of one Fold, loaded and changed.
type batch struct {
	docs  Docs
	dirty map[string]bool // kind/id of changed documents
}

func load(ctx context.Context, store DocStore, ds []decoded) (*batch, error) {
	var first Keys
	for _, d := range ds {
		if d.conv != "" {
			first.Conversations = appendNew(first.Conversations, d.conv)
		} else {
			first.Contacts = appendNew(first.Contacts, d.contact)
		}
	}
	docs, err := store.Load(ctx, first)
	if err != nil {
		return nil, fmt.Errorf("timeline: load: %w", err)
	}
	var second Keys
	for _, c := range docs.Conversations {
		if c.Session > 0 {
			second.Sessions = appendNew(second.Sessions, SessionID(c.ID, c.Session))
		}
	}
	for _, d := range ds {
		if e, ok := d.payload.(conversation.DeliveryStatusRecorded); ok {
			second.Entries = appendNew(second.Entries, MessageEntryID(d.conv, e.MessageID))
		}
	}
	more, err := store.Load(ctx, second)
	if err != nil {
		return nil, fmt.Errorf("timeline: load: %w", err)
	}
	docs.Sessions, docs.Entries = orEmpty(more.Sessions), orEmpty(more.Entries)
	docs.Conversations, docs.Contacts = orEmpty(docs.Conversations), orEmpty(docs.Contacts)
	return &batch{docs: docs, dirty: map[string]bool{}}, nil
}

func (b *batch) changes() Changes {
	var ch Changes
	for k := range b.dirty {
		kind, id := k[:1], k[2:]
		switch kind {
		case "v":
			ch.Conversations = append(ch.Conversations, b.docs.Conversations[id])
		case "s":
			ch.Sessions = append(ch.Sessions, b.docs.Sessions[id])
		case "e":
			ch.Entries = append(ch.Entries, b.docs.Entries[id])
		case "c":
			ch.Contacts = append(ch.Contacts, b.docs.Contacts[id])
		}
	}
	slices.SortFunc(ch.Conversations, func(a, b Conversation) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ch.Sessions, func(a, b Session) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ch.Entries, func(a, b Entry) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(ch.Contacts, func(a, b Contact) int { return cmp.Compare(a.ID, b.ID) })
	return ch
}

// SessionID is the id of a conversation's session fact document.
func SessionID(conversationID string, session int) string {
	return fmt.Sprintf("%s:s%d", conversationID, session)
}

// MessageEntryID is the id of a message's timeline entry.
func MessageEntryID(conversationID, messageID string) string {
	return conversationID + ":m:" + messageID
}

// EventEntryID is the id of the entry an event creates.
func EventEntryID(conversationID string, revision uint64) string {
	return fmt.Sprintf("%s:e%d", conversationID, revision)
}

// Millis is how every document stores a time: UTC, to the millisecond.
func Millis(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

func appendNew(xs []string, x string) []string {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

func orEmpty[T any](m map[string]T) map[string]T {
	if m == nil {
		return map[string]T{}
	}
	return maps.Clone(m)
}
