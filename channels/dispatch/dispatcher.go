// Package dispatch is the outbound dispatcher: a Watermill handler over the
// event log that reacts to conversation.message_sent by sending the message
// through its inbox's adapter, with retries and backoff, and records the
// outcome (sent with the provider's id, or failed with its error) through
// RecordDeliveryStatus. A message is claimed in the ledger before the
// request, so a redelivered event never sends it twice: a claim whose
// outcome was lost (a crash mid-request) is reported failed, not resent.
package dispatch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// Commands records delivery outcomes; *command.Handlers is one.
type Commands interface {
	Conversation(ctx context.Context, id string, c conversation.Command, meta command.Meta) (command.Result, error)
}

// Inboxes finds an inbox's configuration; *inboxes.Store is one.
type Inboxes interface {
	Get(ctx context.Context, id string) (channels.Inbox, error)
}

// Config of a Dispatcher.
type Config struct {
	Store    eventstore.Store // the log; required by Run
	Inboxes  Inboxes
	Adapters channels.Adapters
	Ledger   *ledger.Ledger
	Commands Commands
	Metrics  *channels.Metrics // optional
	Media    MediaLinks        // optional: links of uploaded media
	Logger   *slog.Logger
	Now      func() time.Time
	// Name is the dispatcher's checkpoint and Watermill handler name.
	Name string
	// MaxAttempts bounds the sends of one message (default 5); the delay
	// between attempts starts at Backoff (default 200ms) and doubles up to
	// MaxBackoff (default 5s).
	MaxAttempts int
	Backoff     time.Duration
	MaxBackoff  time.Duration
	// CheckpointEvery is how many skipped events may pass between
	// checkpoint writes of Handle (default 500); handled messages always
	// write one.
	CheckpointEvery int
	// Concurrency is how many conversations Run sends to at once (default
	// 8); the messages of one conversation always go out in log order.
	Concurrency int
	// CheckpointInterval is how often Run stores its checkpoint (default
	// 200ms).
	CheckpointInterval time.Duration
}

func (c *Config) setDefaults() {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Name == "" {
		c.Name = "channel-dispatch"
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.Backoff <= 0 {
		c.Backoff = 200 * time.Millisecond
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 5 * time.Second
	}
	if c.CheckpointEvery <= 0 {
		c.CheckpointEvery = 500
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 8
	}
	if c.CheckpointInterval <= 0 {
		c.CheckpointInterval = 200 * time.Millisecond
	}
}

// Validate reports every missing dependency.
func (c Config) Validate() error {
	var errs []error
	if c.Inboxes == nil || c.Adapters == nil || c.Ledger == nil || c.Commands == nil {
		errs = append(errs, errors.New("dispatch: Config needs Inboxes, Adapters, Ledger and Commands"))
	}
	return errors.Join(errs...)
}

// Dispatcher sends agents' messages: Run with bounded concurrency across
// conversations, Handle one event at a time (called by one ordered consumer).
type Dispatcher struct {
	cfg     Config
	codec   *domain.Codec
	skipped int
}

// New returns a dispatcher.
func New(cfg Config) (*Dispatcher, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	codec, err := conversation.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("dispatch: codec: %w", err)
	}
	return &Dispatcher{cfg: cfg, codec: codec}, nil
}

// Handle reacts to one event of the log.
func (d *Dispatcher) Handle(ctx context.Context, ev eventstore.RecordedEvent) error {
	if ev.Type != conversation.TypeMessageSent {
		d.skipped++
		if d.skipped < d.cfg.CheckpointEvery {
			return nil
		}
		d.skipped = 0
		return d.cfg.Ledger.StoreCheckpoint(ctx, d.cfg.Name, ev.Position)
	}
	if err := d.dispatch(ctx, ev); err != nil {
		return err
	}
	d.skipped = 0
	return d.cfg.Ledger.StoreCheckpoint(ctx, d.cfg.Name, ev.Position)
}
