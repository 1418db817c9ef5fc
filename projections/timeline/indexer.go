package timeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections"
)

// ErrHalted: the indexer met an event it cannot index (a poison event); it
// parked the event and stopped. Fix the cause, then unpark to resume.
var ErrHalted = errors.New("timeline: indexer halted on a parked event")

// IndexerConfig configures an Indexer.
type IndexerConfig struct {
	// Name is the checkpoint (and parked_events projector) name; default
	// "timeline-es". A side-by-side rebuild uses its own (e.g. "timeline-es-v2").
	Name   string
	DB     *pgxpool.Pool    // checkpoints and parked events; required
	Store  eventstore.Store // the log; required
	Docs   DocStore         // the search engine's documents; required
	Folder *Folder          // required
	// BatchSize bounds the events folded into one bulk request; default 1,000.
	BatchSize int
	// MinBackoff and MaxBackoff bound the wait between attempts while the
	// engine (or PostgreSQL) is unavailable; defaults 200ms and 30s.
	MinBackoff, MaxBackoff time.Duration
	// Progress, if set, is told of every stored checkpoint.
	Progress *projections.Progress
	Logger   *slog.Logger
}

func (c *IndexerConfig) setDefaults() {
	if c.Name == "" {
		c.Name = "timeline-es"
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 1000
	}
	if c.MinBackoff <= 0 {
		c.MinBackoff = 200 * time.Millisecond
	}
	if c.MaxBackoff < c.MinBackoff {
		c.MaxBackoff = max(30*time.Second, c.MinBackoff)
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Validate reports every problem of the configuration.
func (c IndexerConfig) Validate() error {
	var errs []error
	if c.DB == nil {
		errs = append(errs, errors.New("timeline: IndexerConfig.DB is required"))
	}
	if c.Store == nil {
		errs = append(errs, errors.New("timeline: IndexerConfig.Store is required"))
	}
	if c.Docs == nil {
		errs = append(errs, errors.New("timeline: IndexerConfig.Docs is required"))
	}
	if c.Folder == nil {
		errs = append(errs, errors.New("timeline: IndexerConfig.Folder is required"))
	}
	return errors.Join(errs...)
}

// Indexer feeds the search engine from the log. Unlike a PostgreSQL
// projector its writes cannot share a transaction with the checkpoint, so
// it orders them: fold a batch, bulk-write it, and only after the bulk
// request succeeded store the checkpoint in PostgreSQL. A crash in between
// replays the batch, which the external versions make a no-op. While the
// engine is unavailable it retries the same batch with backoff and never
// moves the checkpoint; a poison event is parked and halts it.
type Indexer struct {
	cfg IndexerConfig
	log *slog.Logger
}

// NewIndexer returns an indexer; Run starts it.
func NewIndexer(cfg IndexerConfig) (*Indexer, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Indexer{cfg: cfg, log: cfg.Logger.With(slog.String("indexer", cfg.Name))}, nil
}

// Name is the indexer's checkpoint name.
func (x *Indexer) Name() string { return x.cfg.Name }

// Run indexes every event after the checkpoint, then follows the log until
// ctx ends (nil) or an event is parked (ErrHalted).
//
// Only one indexer of a name runs at a time, across processes: Run holds a
// PostgreSQL advisory lock on the name and waits for it while another has it.
func (x *Indexer) Run(ctx context.Context) error {
	conn, err := x.cfg.DB.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("timeline: indexer %s: %w", x.cfg.Name, err)
	}
	defer conn.Release()
	lockKey := "parley-timeline-indexer:" + x.cfg.Name
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtext($1))`, lockKey); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("timeline: indexer %s: lock: %w", x.cfg.Name, err)
	}
	defer func() {
		// ctx is usually done by now. If the unlock fails, closing the
		// connection ends its session, and with it the lock.
		unlockCtx := context.WithoutCancel(ctx)
		if _, err := conn.Exec(unlockCtx, `SELECT pg_advisory_unlock(hashtext($1))`, lockKey); err != nil {
			x.log.Warn("timeline: indexer unlock failed; closing its connection", slog.Any("error", err))
			if cerr := conn.Conn().Close(unlockCtx); cerr != nil {
				x.log.Warn("timeline: indexer close connection", slog.Any("error", cerr))
			}
		}
	}()
	if err := x.checkParked(ctx); err != nil {
		return err
	}
	pos, err := projections.ReadCheckpoint(ctx, x.cfg.DB, x.cfg.Name)
	if err != nil {
		return err
	}
	events := make(chan eventstore.RecordedEvent, x.cfg.BatchSize)
	subErr := make(chan error, 1)
	subCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		subErr <- x.cfg.Store.SubscribeAll(subCtx, pos, func(ctx context.Context, ev eventstore.RecordedEvent) error {
			select {
			case events <- ev:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	for {
		var first eventstore.RecordedEvent
		select {
		case <-ctx.Done():
			return nil
		case err := <-subErr:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("timeline: indexer %s: subscription: %w", x.cfg.Name, err)
		case first = <-events:
		}
		batch := []eventstore.RecordedEvent{first}
	drain:
		for len(batch) < x.cfg.BatchSize {
			select {
			case ev := <-events:
				batch = append(batch, ev)
			default:
				break drain
			}
		}
		if err := x.process(ctx, batch); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
	}
}

// CatchUp indexes every event after the checkpoint up to the head of the
// log, in batches read straight from the store (the next batch is read
// while the current one is indexed), and returns how many events it
// indexed: a rebuild, or a benchmark.
func (x *Indexer) CatchUp(ctx context.Context) (int, error) {
	pos, err := projections.ReadCheckpoint(ctx, x.cfg.DB, x.cfg.Name)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type read struct {
		evs []eventstore.RecordedEvent
		err error
	}
	batches := make(chan read, 1)
	go func() {
		defer close(batches)
		for after := pos; ; {
			evs, err := x.cfg.Store.ReadAll(ctx, after, x.cfg.BatchSize)
			if err != nil {
				err = fmt.Errorf("timeline: indexer %s: read after %d: %w", x.cfg.Name, after, err)
			}
			select {
			case batches <- read{evs, err}:
			case <-ctx.Done():
				return
			}
			if err != nil || len(evs) == 0 {
				return
			}
			after = evs[len(evs)-1].Position
		}
	}()
	total := 0
	for b := range batches {
		if b.err != nil || len(b.evs) == 0 {
			return total, b.err
		}
		if err := x.process(ctx, b.evs); err != nil {
			return total, err
		}
		total += len(b.evs)
	}
	return total, ctx.Err()
}
