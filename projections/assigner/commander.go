package assigner

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// ErrSuperseded: the conversation changed since the assigner decided (it
// was closed, assigned by someone else, handed to a bot...). The decision
// is dropped; the events that changed it drive the next one.
var ErrSuperseded = errors.New("assigner: the conversation changed since the decision")

const codeSuperseded = "assignment_superseded"

// Actor is who the assigner's commands are issued by.
func Actor() domain.Actor { return domain.Actor{Kind: domain.ActorSystem, ID: "assigner"} }

// Commander runs the assigner's conversation commands through the command
// side (command.Execute with conversation.Decide), guarded by the state
// they were decided on: the conversation must still be open, not bot-owned
// and assigned to the expected agent ("" for nobody). The guard runs on the
// state the append's expected revision is taken from, so a human assigning
// at the same moment wins and the assigner's command becomes a no-op error.
type Commander struct {
	store command.EventStore
	exec  *command.Executor
	agg   command.Aggregate[conversation.State, guarded]
}

type guarded struct {
	cmd    conversation.Command
	expect string
}

// NewCommander returns a Commander over store; now is the clock.
func NewCommander(store command.EventStore, now func() time.Time) (*Commander, error) {
	codec, err := conversation.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("assigner: conversation codec: %w", err)
	}
	agg := command.NewAggregate(command.Aggregate[conversation.State, guarded]{
		Stream: conversation.StreamName, Codec: codec, Evolve: conversation.Evolve, Decide: decideGuarded,
	}, 2_000)
	return &Commander{store: store, exec: command.NewExecutor(store, now), agg: agg}, nil
}

func decideGuarded(s conversation.State, g guarded, by domain.Actor, now time.Time) ([]domain.Event, error) {
	if s.Exists() && (s.Status != conversation.StatusOpen || s.BotOwned || s.AssigneeID != g.expect) {
		return nil, domain.Conflict(codeSuperseded, "the conversation is %s, assigned to %q (expected %q)", s.Status, s.AssigneeID, g.expect)
	}
	return conversation.Decide(s, g.cmd, by, now)
}

// Run issues cmd on conversation id if it is still assigned to expect.
// commandID makes a retry harmless; cause is the triggering event's id.
func (c *Commander) Run(ctx context.Context, accountID, id, expect string, cmd conversation.Command, commandID string, cause Cause) (command.Result, error) {
	meta := command.Meta{AccountID: accountID, Actor: Actor(), CommandID: commandID,
		CorrelationID: cause.CorrelationID, CausationID: cause.EventID}
	res, err := command.Execute(ctx, c.exec, c.agg, id, guarded{cmd: cmd, expect: expect}, meta)
	var de *domain.Error
	if errors.As(err, &de) && (de.Code == codeSuperseded || de.Kind == domain.KindNotFound) {
		return res, fmt.Errorf("%w: %s", ErrSuperseded, de.Message)
	}
	if err != nil {
		return res, fmt.Errorf("assigner: %s on %s: %w", cmd.CommandType(), id, err)
	}
	return res, nil
}

// Cause is what triggered a decision, carried into the commands' metadata.
type Cause struct {
	Kind          string // opened, reopened, unassigned, message, capacity_freed, backlog, grace_expired
	EventID       string // the triggering event, if any
	CorrelationID string
	At            time.Time // the moment rules are evaluated at (business hours)
	// text, if set, is the customer's first message, still being read.
	text *later[string]
}

// firstMessage returns the text of the customer message appended together
// with an opening (the same command, right after it), if any: deciding on
// the opening itself saves waiting for that event's delivery.
func (c *Commander) firstMessage(ctx context.Context, ev eventstore.RecordedEvent) (string, error) {
	recs, err := c.store.ReadStream(ctx, ev.Stream, eventstore.ReadStreamOptions{From: ev.Revision + 1, Limit: 4})
	if err != nil && !errors.Is(err, eventstore.ErrStreamNotFound) {
		return "", fmt.Errorf("assigner: read %s: %w", ev.Stream, err)
	}
	codec := c.agg.Codec
	for _, r := range recs {
		if r.Metadata.CommandID != ev.Metadata.CommandID {
			break
		}
		if r.Type != conversation.TypeMessageReceived {
			continue
		}
		e, err := codec.Decode(r.Type, r.SchemaVersion, r.Data)
		if err != nil {
			return "", fmt.Errorf("assigner: decode %s@%d: %w", r.Stream, r.Revision, err)
		}
		return e.(conversation.MessageReceived).Text, nil
	}
	return "", nil
}
