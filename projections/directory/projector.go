package directory

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/account"
	"github.com/parley-inbox/parley/eventstore"
)

// ProjectorName is the directory projector's checkpoint name.
const ProjectorName = "directory"

// Projector projects account streams into the directory schema.
type Projector struct {
	codec *domain.Codec
}

// NewProjector returns the directory projector.
func NewProjector() (*Projector, error) {
	codec, err := account.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	return &Projector{codec: codec}, nil
}

// Name implements projections.Projector.
func (p *Projector) Name() string { return ProjectorName }

// Handles implements projections.Projector: every account.* event.
func (p *Projector) Handles(eventType string) bool {
	return strings.HasPrefix(eventType, "account.") && p.codec.Knows(eventType)
}

// Apply implements projections.Projector.
func (p *Projector) Apply(ctx context.Context, tx pgx.Tx, ev eventstore.RecordedEvent) error {
	acc, ok := account.IDFromStream(ev.Stream)
	if !ok {
		return fmt.Errorf("directory: %s on unexpected stream %q", ev.Type, ev.Stream)
	}
	e, err := p.codec.Decode(ev.Type, ev.SchemaVersion, ev.Data)
	if err != nil {
		return fmt.Errorf("directory: decode %s %s@%d: %w", ev.Type, ev.Stream, ev.Revision, err)
	}
	w := writer{tx: tx, account: acc, rev: int64(ev.Revision), at: ev.Metadata.OccurredAt}
	if err := w.apply(ctx, e); err != nil {
		return fmt.Errorf("directory: apply %s %s@%d: %w", ev.Type, ev.Stream, ev.Revision, err)
	}
	return nil
}
