package assigner

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/assignment"
	"github.com/parley-inbox/parley/eventstore"
)

// Configs is the write and read side of assignment configuration: it runs
// assignment commands on the caller's account stream
// ("assignment-<account>") and reads the folded configuration back.
type Configs struct {
	store command.EventStore
	exec  *command.Executor
	agg   command.Aggregate[assignment.State, assignment.Command]
	codec *domain.Codec
}

// NewConfigs returns the configuration service over store.
func NewConfigs(store command.EventStore, now func() time.Time) (*Configs, error) {
	codec, err := assignment.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("assigner: assignment codec: %w", err)
	}
	agg := command.NewAggregate(command.Aggregate[assignment.State, assignment.Command]{
		Stream: assignment.StreamName, Codec: codec, Evolve: assignment.Evolve, Decide: assignment.Decide,
	}, 1_000)
	return &Configs{store: store, exec: command.NewExecutor(store, now), agg: agg, codec: codec}, nil
}

// Run decides c on the caller's account configuration and appends it.
func (c *Configs) Run(ctx context.Context, cmd assignment.Command, meta command.Meta) (command.Result, error) {
	if !command.ValidID(meta.AccountID) {
		return command.Result{}, domain.Invalid("account_id", "invalid_id", "not a valid account id")
	}
	return command.Execute(ctx, c.exec, c.agg, meta.AccountID, cmd, meta)
}

// State reads the account's configuration from its stream, and the
// stream's revision (-1 when nothing was ever configured).
func (c *Configs) State(ctx context.Context, accountID string) (assignment.State, int64, error) {
	recs, err := c.store.ReadStream(ctx, assignment.StreamName(accountID), eventstore.ReadStreamOptions{})
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return assignment.State{}, -1, nil
	}
	if err != nil {
		return assignment.State{}, -1, fmt.Errorf("assigner: read configuration: %w", err)
	}
	var s assignment.State
	for _, r := range recs {
		if r.Metadata.AccountID != accountID {
			return assignment.State{}, -1, nil
		}
		e, err := c.codec.Decode(r.Type, r.SchemaVersion, r.Data)
		if err != nil {
			return assignment.State{}, -1, fmt.Errorf("assigner: decode %s@%d: %w", r.Stream, r.Revision, err)
		}
		s = assignment.Evolve(s, e)
	}
	return s, int64(recs[len(recs)-1].Revision), nil
}

// RequireFreshView reports whether the account's assignment settings turn
// on the fresh-view rule for agents' replies (command.FreshViews). It
// reads through the configuration cache, checked against the stream's last
// revision, so a change made by another process is seen.
func (c *Configs) RequireFreshView(ctx context.Context, accountID string) (bool, error) {
	s, _, err := command.Peek(ctx, c.store, c.agg, accountID, accountID,
		func(s assignment.State) assignment.State { return assignment.State{Settings: s.Settings} })
	if err != nil {
		return false, fmt.Errorf("assigner: read settings of %s: %w", accountID, err)
	}
	return s.Settings.RequireFreshView, nil
}
