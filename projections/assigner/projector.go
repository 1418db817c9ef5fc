package assigner

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/assignment"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// ProjectorName is the assigner's checkpoint name. Its checkpoint row is
// also the lock that serialises every assigner instance's decisions.
const ProjectorName = "assigner"

// Projector is the assigner's event side: a projections.Projector whose
// rows (schema "assigner") commit with its checkpoint, and which issues
// assignment commands for the events that call for one.
type Projector struct {
	d     *decider
	codec *domain.Codec
}

// NewProjector returns the assigner projector.
func NewProjector(cfg Config) (*Projector, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	codec, err := codecs()
	if err != nil {
		return nil, err
	}
	return &Projector{d: &decider{cfg: cfg}, codec: codec}, nil
}

func codecs() (*domain.Codec, error) {
	conv, err := conversation.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("assigner: %w", err)
	}
	cont, err := contact.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("assigner: %w", err)
	}
	asg, err := assignment.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("assigner: %w", err)
	}
	if conv, err = conv.Merge(cont); err == nil {
		conv, err = conv.Merge(asg)
	}
	if err != nil {
		return nil, fmt.Errorf("assigner: %w", err)
	}
	return conv, nil
}

// Name implements projections.Projector.
func (p *Projector) Name() string { return ProjectorName }

// Handles implements projections.Projector: the conversation events that
// change who may get a conversation or who holds it, contacts' fields and
// the assignment configuration.
func (p *Projector) Handles(eventType string) bool {
	switch eventType {
	case contact.TypeCreated, contact.TypeProfileUpdated,
		conversation.TypeOpened, conversation.TypeMessageReceived, conversation.TypeTagApplied, conversation.TypeTagRemoved,
		conversation.TypeTeamAssigned, conversation.TypeAssigned, conversation.TypeAccepted, conversation.TypeUnassigned,
		conversation.TypeClosed, conversation.TypeSnoozed, conversation.TypeReopened, conversation.TypeHandedOff:
		return true
	}
	return strings.HasPrefix(eventType, "assignment.") && p.codec.Knows(eventType)
}

// Apply implements projections.Projector.
func (p *Projector) Apply(ctx context.Context, tx pgx.Tx, ev eventstore.RecordedEvent) error {
	e, err := p.codec.Decode(ev.Type, ev.SchemaVersion, ev.Data)
	if err != nil {
		return fmt.Errorf("assigner: decode %s %s@%d: %w", ev.Type, ev.Stream, ev.Revision, err)
	}
	acc := ev.Metadata.AccountID
	switch {
	case strings.HasPrefix(ev.Type, "assignment."):
		return applyConfig(ctx, tx, acc, ev, e)
	case strings.HasPrefix(ev.Type, "contact."):
		return applyContact(ctx, tx, acc, ev, e)
	}
	id, ok := conversation.IDFromStream(ev.Stream)
	if !ok {
		return fmt.Errorf("assigner: %s on unexpected stream %q", ev.Type, ev.Stream)
	}
	eff, err := track(ctx, tx, acc, id, ev, e)
	if err != nil || time.Since(ev.RecordedAt) > p.d.cfg.LiveWindow {
		return err
	}
	cause := Cause{Kind: eff.decide, EventID: ev.ID.String(), CorrelationID: ev.Metadata.CorrelationID, At: ev.Metadata.OccurredAt}
	if eff.firstMessage && eff.decide != "" && eff.row.WaitingSince != nil {
		cause.text = p.d.cfg.Commander.firstMessageLater(ctx, ev) // read alongside the decision's other reads
	}
	if eff.decide != "" && eff.row.WaitingSince != nil {
		if _, err := p.d.decide(ctx, tx, eff.row, cause, ""); err != nil {
			return err
		}
	}
	if eff.freed != "" {
		cause.Kind, cause.text = "capacity_freed", nil
		return p.d.drainOne(ctx, tx, acc, cause)
	}
	return nil
}

// drainOne gives the one place an event freed to the longest-waiting
// conversation someone can take, looking at most DrainBatch deep. One
// only: the transaction holds back the event store's read horizon while it
// runs, so larger drains are the sweeper's, one short transaction each.
func (d *decider) drainOne(ctx context.Context, tx pgx.Tx, acc string, cause Cause) error {
	rows, err := backlog(ctx, tx, acc, d.cfg.DrainBatch)
	if err != nil {
		return err
	}
	for _, row := range rows {
		outcome, err := d.decide(ctx, tx, row, cause, "")
		if err != nil || outcome == string(assignment.OutcomeAssigned) {
			return err
		}
	}
	return nil
}

func applyConfig(ctx context.Context, tx pgx.Tx, acc string, ev eventstore.RecordedEvent, e domain.Event) error {
	s, rev, err := loadConfig(ctx, tx, acc)
	if err != nil {
		return err
	}
	if int64(ev.Revision) <= rev {
		return nil // re-applied
	}
	raw, err := json.Marshal(assignment.Evolve(s, e))
	if err != nil {
		return fmt.Errorf("assigner: encode config of %s: %w", acc, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO assigner.configs (account_id, state, revision) VALUES ($1, $2, $3)
ON CONFLICT (account_id) DO UPDATE SET state = EXCLUDED.state, revision = EXCLUDED.revision`, acc, raw, int64(ev.Revision)); err != nil {
		return fmt.Errorf("assigner: store config of %s: %w", acc, err)
	}
	return nil
}

func applyContact(ctx context.Context, tx pgx.Tx, acc string, ev eventstore.RecordedEvent, e domain.Event) error {
	id, ok := contact.IDFromStream(ev.Stream)
	if !ok {
		return nil
	}
	var set map[string]string
	var removed []string
	switch e := e.(type) {
	case contact.Created:
		set = e.CustomFields
	case contact.ProfileUpdated:
		set, removed = e.CustomFieldsSet, e.CustomFieldsRemoved
	}
	if set == nil {
		set = map[string]string{}
	}
	if removed == nil {
		removed = []string{}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO assigner.contacts AS c (account_id, contact_id, fields) VALUES ($1, $2, $3)
ON CONFLICT (account_id, contact_id) DO UPDATE SET fields = (c.fields - $4::text[]) || EXCLUDED.fields`,
		acc, id, set, removed); err != nil {
		return fmt.Errorf("assigner: contact %s: %w", id, err)
	}
	return nil
}
