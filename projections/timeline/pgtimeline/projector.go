package pgtimeline

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections/timeline"
)

// Projector is the timeline read model as a projections.Projector: the
// runtime commits its rows with the checkpoint in one transaction.
type Projector struct {
	name   string
	t      tables
	folder *timeline.Folder
}

// NewProjector returns the projector named name ("timeline" if empty)
// writing to the tables of prefix ("timeline" if empty; see Migrate).
func NewProjector(name, prefix string, folder *timeline.Folder) (*Projector, error) {
	if name == "" {
		name = "timeline"
	}
	t, err := tablesFor(prefix)
	if err != nil {
		return nil, err
	}
	if folder == nil {
		return nil, fmt.Errorf("pgtimeline: NewProjector needs a folder")
	}
	return &Projector{name: name, t: t, folder: folder}, nil
}

// Name is the checkpoint key.
func (p *Projector) Name() string { return p.name }

// Handles reports whether the folder uses eventType.
func (p *Projector) Handles(eventType string) bool { return p.folder.Handles(eventType) }

// Apply folds one event within tx.
func (p *Projector) Apply(ctx context.Context, tx pgx.Tx, ev eventstore.RecordedEvent) error {
	return p.ApplyBatch(ctx, tx, []eventstore.RecordedEvent{ev})
}

// ApplyBatch folds consecutive events within tx, loading each document once.
func (p *Projector) ApplyBatch(ctx context.Context, tx pgx.Tx, evs []eventstore.RecordedEvent) error {
	if _, err := p.folder.Project(ctx, docStore{q: tx, t: p.t}, evs); err != nil {
		return fmt.Errorf("pgtimeline: %w", err)
	}
	return nil
}
