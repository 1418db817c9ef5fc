package audit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/query"
)

// ConversationAt is a conversation as it was at a past point: the live
// view's fields (query.Conversation) plus the messages and notes so far.
type ConversationAt struct {
	query.Conversation
	Messages []MessageAt `json:"messages"`
	Notes    []NoteAt    `json:"notes"`
	AsOf     PointInfo   `json:"as_of"`
}

// ContactAt is a contact as it was at a past point, in the live view's
// shape; its conversations list is not reconstructed (always empty).
type ContactAt struct {
	query.Contact
	AsOf PointInfo `json:"as_of"`
}

// ErrNotYet: the stream exists but had no event at the point asked for.
var ErrNotYet = errors.New("audit: nothing had happened yet at that point")

// Step is one event of a replay and the state right after it.
type Step struct {
	Record Record
	State  ConversationAt
}

// ConversationAt folds conversation id of v's account up to at.
func (r *Reader) ConversationAt(ctx context.Context, v query.Viewer, id string, at AsOf) (ConversationAt, error) {
	var last ConversationAt
	err := r.ReplayConversation(ctx, v, id, at, func(s Step) error { last = s.State; return nil })
	return last, err
}

// ReplayConversation folds conversation id up to at, calling step after each
// event with the event and the state it leads to.
func (r *Reader) ReplayConversation(ctx context.Context, v query.Viewer, id string, at AsOf, step func(Step) error) error {
	evs, err := r.readUpTo(ctx, v.AccountID, conversation.StreamName(id), at)
	if err != nil {
		return err
	}
	f := newConvFold(id)
	var person *contactFold
	for i, ev := range evs {
		e, err := r.codec.Decode(ev.Type, ev.SchemaVersion, ev.Data)
		if err != nil {
			return fmt.Errorf("audit: %s@%d: %w", ev.Stream, ev.Revision, err)
		}
		f.apply(ev, e)
		if person == nil && f.contact != "" {
			// The contact as of the point asked for (the last event's time for a revision).
			cut := at
			if at.Revision != nil {
				cut = AsOf{Time: evs[len(evs)-1].Metadata.OccurredAt}
			}
			if person, err = r.contactFold(ctx, v.AccountID, f.contact, cut); err != nil {
				return err
			}
		}
		state := f.view(v, person, at.info(ev, i+1))
		if err := step(Step{Record: NewRecord(r.codec, ev, v.SeePII), State: state}); err != nil {
			return err
		}
	}
	return nil
}

func (f *convFold) view(v query.Viewer, person *contactFold, info PointInfo) ConversationAt {
	c := f.c
	c.Tags = append([]string{}, c.Tags...)
	c.Unread = max(f.inbound-f.read[v.AgentID], 0)
	if person != nil {
		c.Contact = person.ref(v, c.Channel)
	}
	return ConversationAt{Conversation: c, Messages: append([]MessageAt{}, f.messages...), Notes: append([]NoteAt{}, f.notes...), AsOf: info}
}

// ContactAt folds contact id of v's account up to at.
func (r *Reader) ContactAt(ctx context.Context, v query.Viewer, id string, at AsOf) (ContactAt, error) {
	evs, err := r.readUpTo(ctx, v.AccountID, contact.StreamName(id), at)
	if err != nil {
		return ContactAt{}, err
	}
	f, err := r.foldContact(id, evs)
	if err != nil {
		return ContactAt{}, err
	}
	return ContactAt{Contact: f.view(v), AsOf: at.info(evs[len(evs)-1], len(evs))}, nil
}

func (r *Reader) contactFold(ctx context.Context, account, id string, at AsOf) (*contactFold, error) {
	evs, err := r.readUpTo(ctx, account, contact.StreamName(id), at)
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrNotYet) {
		return newContactFold(id), nil // not created yet (or elsewhere): no contact columns
	}
	if err != nil {
		return nil, err
	}
	return r.foldContact(id, evs)
}

func (r *Reader) foldContact(id string, evs []eventstore.RecordedEvent) (*contactFold, error) {
	f := newContactFold(id)
	for _, ev := range evs {
		e, err := r.codec.Decode(ev.Type, ev.SchemaVersion, ev.Data)
		if err != nil {
			return nil, fmt.Errorf("audit: %s@%d: %w", ev.Stream, ev.Revision, err)
		}
		f.apply(ev, e)
	}
	return f, nil
}

// readUpTo reads stream (of account) from its start up to at, in pages.
func (r *Reader) readUpTo(ctx context.Context, account, stream string, at AsOf) ([]eventstore.RecordedEvent, error) {
	var out []eventstore.RecordedEvent
	for from := uint64(0); ; {
		evs, err := r.readOwned(ctx, account, stream, from, MaxPageSize)
		if err != nil {
			return nil, err
		}
		for _, ev := range evs {
			if !at.includes(ev) {
				return nonEmpty(out, stream, at) // the point is a prefix of the stream
			}
			out = append(out, ev)
		}
		if len(evs) < MaxPageSize {
			return nonEmpty(out, stream, at)
		}
		from = evs[len(evs)-1].Revision + 1
	}
}

func nonEmpty(evs []eventstore.RecordedEvent, stream string, at AsOf) ([]eventstore.RecordedEvent, error) {
	if len(evs) == 0 {
		when := at.Time.Format(time.RFC3339)
		if at.Revision != nil {
			when = fmt.Sprintf("revision %d", *at.Revision)
		}
		return nil, fmt.Errorf("%w: %s at %s", ErrNotYet, stream, when)
	}
	return evs, nil
}
