package live

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/eventstore"
)

// ProjectorName is the live projector's checkpoint name.
const ProjectorName = "live"

// NotifyChannel is the PostgreSQL channel announcing new live_changes rows;
// the payload is the highest seq the committed transaction inserted.
const NotifyChannel = "parley_live"

// Projector writes the live feed. It implements projections.Projector and
// projections.BatchApplier: however many events a transaction applies, it
// queues exactly one NOTIFY.
type Projector struct {
	log *slog.Logger
}

// NewProjector returns the live projector; log may be nil.
func NewProjector(log *slog.Logger) *Projector {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Projector{log: log}
}

// Name implements projections.Projector.
func (p *Projector) Name() string { return ProjectorName }

// Handles implements projections.Projector: every conversation and contact event.
func (p *Projector) Handles(eventType string) bool { return handles(eventType) }

// Apply implements projections.Projector.
func (p *Projector) Apply(ctx context.Context, tx pgx.Tx, ev eventstore.RecordedEvent) error {
	return p.ApplyBatch(ctx, tx, []eventstore.RecordedEvent{ev})
}

// ApplyBatch implements projections.BatchApplier: one advisory lock, one
// INSERT and one NOTIFY for the whole batch.
func (p *Projector) ApplyBatch(ctx context.Context, tx pgx.Tx, evs []eventstore.RecordedEvent) error {
	var cols insertColumns
	for _, ev := range evs {
		ch, ok := changeOf(ev)
		if !ok {
			// Not a conversation or contact stream: nothing to show live.
			p.log.Warn("live: event outside a conversation or contact stream; no change row",
				slog.String("type", ev.Type), slog.String("stream", ev.Stream), slog.Uint64("position", ev.Position))
			continue
		}
		cols.add(ch)
	}
	if len(cols.account) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	// Serialises every writer of live_changes until commit, so seq order is
	// commit order and readers that go by seq never skip a row.
	b.Queue(`SELECT pg_advisory_xact_lock(hashtext('parley.live.changes'))`)
	b.Queue(`WITH ins AS (
    INSERT INTO live_changes (account_id, conversation_id, contact_id, kind, event_type, stream, position, stream_revision, payload)
    SELECT a, NULLIF(cv, ''), NULLIF(ct, ''), k, et, s, pos, rev, pl::jsonb
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::text[])
        AS u(a, cv, ct, k, et, s, pos, rev, pl)
    ORDER BY pos
    ON CONFLICT (position) DO NOTHING
    RETURNING seq)
SELECT pg_notify('`+NotifyChannel+`', max(seq)::text) FROM ins HAVING count(*) > 0`,
		cols.account, cols.conversation, cols.contact, cols.kind, cols.eventType, cols.stream,
		cols.position, cols.revision, cols.payload)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("live: insert %d changes at positions %d..%d: %w",
			len(cols.account), cols.position[0], cols.position[len(cols.position)-1], err)
	}
	return nil
}

// insertColumns are the change rows of a batch, column by column, for unnest.
type insertColumns struct {
	account, conversation, contact, kind, eventType, stream, payload []string
	position, revision                                               []int64
}

func (c *insertColumns) add(ch Change) {
	c.account = append(c.account, ch.AccountID)
	c.conversation = append(c.conversation, ch.ConversationID)
	c.contact = append(c.contact, ch.ContactID)
	c.kind = append(c.kind, ch.Kind)
	c.eventType = append(c.eventType, ch.EventType)
	c.stream = append(c.stream, ch.Stream)
	c.payload = append(c.payload, string(ch.Payload))
	c.position = append(c.position, int64(ch.Position))
	c.revision = append(c.revision, int64(ch.StreamRevision))
}
