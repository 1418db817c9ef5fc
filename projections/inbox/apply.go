package inbox

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// Apply applies one event; it is ApplyBatch of one event.
func (p *Projector) Apply(ctx context.Context, tx pgx.Tx, ev eventstore.RecordedEvent) error {
	return p.ApplyBatch(ctx, tx, []eventstore.RecordedEvent{ev})
}

// decoded is an event with its payload and the id its stream names.
type decoded struct {
	ev        eventstore.RecordedEvent
	e         domain.Event
	id        string
	isContact bool
}

// ApplyBatch applies events, in order, in tx: it loads the rows they touch,
// folds the events into them in memory (skipping any at or below a row's
// revision) and writes each changed row once, with the count deltas.
func (p *Projector) ApplyBatch(ctx context.Context, tx pgx.Tx, evs []eventstore.RecordedEvent) error {
	ds, convIDs, contactIDs, err := p.decodeAll(evs)
	if err != nil {
		return err
	}
	b := &batch{p: p, tx: tx, deltas: countDeltas{}, reads: map[[2]string]int32{}, seen: map[string]bool{}}
	if b.convs, err = p.loadConvs(ctx, tx, convIDs); err != nil {
		return err
	}
	if b.contacts, err = p.loadContacts(ctx, tx, contactIDs); err != nil {
		return err
	}
	b.before = make(map[string]convRow, len(b.convs))
	for id, r := range b.convs {
		b.before[id] = r
	}
	for _, d := range ds {
		if err := b.fold(ctx, d); err != nil {
			return err
		}
	}
	return b.write(ctx)
}

func (p *Projector) decodeAll(evs []eventstore.RecordedEvent) ([]decoded, []string, []string, error) {
	ds := make([]decoded, 0, len(evs))
	var convIDs, contactIDs []string
	seen := map[string]bool{}
	for _, ev := range evs {
		e, err := p.codec.Decode(ev.Type, ev.SchemaVersion, ev.Data)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("inbox: decode %s %s@%d: %w", ev.Type, ev.Stream, ev.Revision, err)
		}
		d := decoded{ev: ev, e: e, isContact: strings.HasPrefix(ev.Type, "contact.")}
		var ok bool
		if d.isContact {
			d.id, ok = contact.IDFromStream(ev.Stream)
		} else {
			d.id, ok = conversation.IDFromStream(ev.Stream)
		}
		if !ok {
			return nil, nil, nil, fmt.Errorf("inbox: %s event on unexpected stream %q", ev.Type, ev.Stream)
		}
		if key := ev.Stream; !seen[key] {
			seen[key] = true
			if d.isContact {
				contactIDs = append(contactIDs, d.id)
			} else {
				convIDs = append(convIDs, d.id)
			}
		}
		if o, ok := e.(conversation.Opened); ok && !seen[contact.StreamName(o.ContactID)] {
			// The new row copies its contact's columns: load the contact too.
			seen[contact.StreamName(o.ContactID)] = true
			contactIDs = append(contactIDs, o.ContactID)
		}
		ds = append(ds, d)
	}
	return ds, convIDs, contactIDs, nil
}

// batch is the in-memory state of one ApplyBatch.
type batch struct {
	p        *Projector
	tx       pgx.Tx
	convs    map[string]convRow // current state, loaded or new
	before   map[string]convRow // as stored before the batch
	contacts map[string]contactRow
	changed  []string // conversations changed, in first-change order
	touched  []string // contacts changed, in first-change order
	deltas   countDeltas
	msgs     msgBatch
	reads    map[[2]string]int32 // (conversation, agent) -> read_inbound
	seen     map[string]bool
}

type msgBatch struct {
	conv, id []string
	upto     []int32
	index    map[[2]string]int32
}

func (b *batch) fold(ctx context.Context, d decoded) error {
	if d.isContact {
		r, ok := b.contacts[d.id]
		if !ok {
			r = contactRow{ID: d.id, Revision: -1}
		}
		if int64(d.ev.Revision) <= r.Revision {
			return nil // applied before
		}
		b.touched = b.mark(b.touched, "k:"+d.id, d.id)
		b.contacts[d.id] = evolveContact(r, d.ev, d.e)
		return nil
	}
	r, ok := b.convs[d.id]
	if !ok {
		if _, opened := d.e.(conversation.Opened); !opened {
			return fmt.Errorf("inbox: %s %s@%d (position %d) before conversation.opened", d.ev.Type, d.ev.Stream, d.ev.Revision, d.ev.Position)
		}
		r = convRow{ID: d.id, Revision: -1}
	}
	if int64(d.ev.Revision) <= r.Revision {
		return nil // applied before
	}
	if read, ok := d.e.(conversation.ReadByAgent); ok {
		upto, err := b.lookupMessage(ctx, d.id, read.UpToMessageID)
		if err != nil {
			return err
		}
		b.reads[[2]string{d.id, read.AgentID}] = upto
	}
	b.changed = b.mark(b.changed, "c:"+d.id, d.id)
	b.convs[d.id] = evolveConv(r, d.ev, d.e, func(id string, upto int32) { b.msgs.add(d.id, id, upto) })
	return nil
}

func (m *msgBatch) add(conv, id string, upto int32) {
	key := [2]string{conv, id}
	if m.index == nil {
		m.index = map[[2]string]int32{}
	}
	if _, dup := m.index[key]; dup {
		return
	}
	m.index[key] = upto
	m.conv, m.id, m.upto = append(m.conv, conv), append(m.id, id), append(m.upto, upto)
}

// lookupMessage is the number of inbound messages up to message id.
func (b *batch) lookupMessage(ctx context.Context, conv, id string) (int32, error) {
	if n, ok := b.msgs.index[[2]string{conv, id}]; ok {
		return n, nil
	}
	var n int32
	err := b.tx.QueryRow(ctx, b.p.sql.lookupMessage, conv, id).Scan(&n)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil // an unknown message: nothing counts as read
	}
	if err != nil {
		return 0, fmt.Errorf("inbox: look up message %s of %s: %w", id, conv, err)
	}
	return n, nil
}

// mark appends id to ids the first time key is seen in the batch.
func (b *batch) mark(ids []string, key, id string) []string {
	if b.seen[key] {
		return ids
	}
	b.seen[key] = true
	return append(ids, id)
}
