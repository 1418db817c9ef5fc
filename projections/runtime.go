package projections

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections/eventsub"
)

// ErrUnknownProjector is returned for a projector name the runtime does not run.
var ErrUnknownProjector = errors.New("projections: unknown projector")

// RetryConfig bounds the attempts to apply one event before it is parked.
type RetryConfig struct {
	MaxTries        int           // default 5
	InitialInterval time.Duration // default 100ms, doubling
	MaxInterval     time.Duration // default 2s
}

// Config configures a Runtime.
type Config struct {
	DB         *pgxpool.Pool    // views, checkpoints, parked events; required
	Store      eventstore.Store // the log; required
	Projectors []Projector      // at least one, distinct names
	// Registerer receives the runtime's metrics; nil keeps them unexported.
	Registerer prometheus.Registerer
	Logger     *slog.Logger
	// Progress, if set, is told of every commit at once (no DB round trip)
	// so in-process WaitFor calls wake without waiting for the NOTIFY.
	Progress *Progress
	Retry    RetryConfig
	// StatusInterval is how often lag metrics are refreshed and halted
	// projectors check whether they were unparked elsewhere. Default 5s.
	StatusInterval time.Duration
	// LagCap bounds the events read to count lag. Default 10,000.
	LagCap int
	// CatchUp batches a projector that is behind: see CatchUpConfig.
	CatchUp CatchUpConfig
}

// CatchUpConfig: when a delivered event was recorded more than Age ago, the
// projector is catching up, and the transaction applying it also applies up
// to BatchSize-1 following events read from the store (one commit instead of
// hundreds). Live events are applied one per transaction, for latency; an
// Age of a few tens of ms means a burst of commands (which would otherwise
// queue one transaction each behind the projector) is folded in a few
// transactions. Defaults: BatchSize 500 (1 disables), Age 25ms.
//
// MaxDuration bounds a batch of a projector that applies events one at a
// time (not a BatchApplier): past it the batch commits what it applied and
// the rest follows in the next transaction. Any open transaction holds back
// the event store's read horizon for every reader, so one slow projector
// (the assigner deciding on a burst of messages, say) would otherwise stall
// all of them. Default 100ms.
type CatchUpConfig struct {
	BatchSize   int
	Age         time.Duration
	MaxDuration time.Duration
}

func (c *Config) setDefaults() {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Registerer == nil {
		c.Registerer = prometheus.NewRegistry()
	}
	if c.Retry.MaxTries <= 0 {
		c.Retry.MaxTries = 5
	}
	if c.Retry.InitialInterval <= 0 {
		c.Retry.InitialInterval = 100 * time.Millisecond
	}
	if c.Retry.MaxInterval <= 0 {
		c.Retry.MaxInterval = 2 * time.Second
	}
	if c.StatusInterval <= 0 {
		c.StatusInterval = 5 * time.Second
	}
	if c.LagCap <= 0 {
		c.LagCap = 10_000
	}
	if c.CatchUp.BatchSize == 0 {
		c.CatchUp.BatchSize = 500
	}
	if c.CatchUp.Age <= 0 {
		c.CatchUp.Age = 25 * time.Millisecond
	}
	if c.CatchUp.MaxDuration <= 0 {
		c.CatchUp.MaxDuration = 100 * time.Millisecond
	}
}

// Validate reports every problem of the configuration.
func (c Config) Validate() error {
	var errs []error
	if c.DB == nil {
		errs = append(errs, errors.New("projections: Config.DB is required"))
	}
	if c.Store == nil {
		errs = append(errs, errors.New("projections: Config.Store is required"))
	}
	if len(c.Projectors) == 0 {
		errs = append(errs, errors.New("projections: Config.Projectors is empty"))
	}
	seen := map[string]bool{}
	for _, p := range c.Projectors {
		if p == nil {
			errs = append(errs, errors.New("projections: nil projector"))
			continue
		}
		if p.Name() == "" || seen[p.Name()] {
			errs = append(errs, fmt.Errorf("projections: projector name %q is empty or repeated", p.Name()))
		}
		seen[p.Name()] = true
	}
	return errors.Join(errs...)
}

// Runtime runs projectors, each as one Watermill handler consuming every
// event in order. A Runtime runs once: after Close, make a new one.
type Runtime struct {
	cfg     Config
	log     *slog.Logger
	metrics *metrics
	sub     *eventsub.Subscriber
	router  *message.Router
	gates   map[string]*gate // fixed after New
	names   []string

	mu     sync.Mutex
	ran    bool
	closed bool
}

// New builds a runtime; Run starts it.
func New(cfg Config) (*Runtime, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m, err := newMetrics(cfg.Registerer)
	if err != nil {
		return nil, err
	}
	r := &Runtime{cfg: cfg, log: cfg.Logger, metrics: m, gates: map[string]*gate{}}
	r.sub, err = eventsub.NewSubscriber(cfg.Store, eventsub.Config{
		Checkpoint: func(ctx context.Context, topic string) (uint64, error) { return ReadCheckpoint(ctx, cfg.DB, topic) },
		Logger:     cfg.Logger,
	})
	if err != nil {
		return nil, fmt.Errorf("projections: subscriber: %w", err)
	}
	r.router, err = message.NewRouter(message.RouterConfig{CloseTimeout: 30 * time.Second}, watermill.NewSlogLogger(cfg.Logger))
	if err != nil {
		return nil, fmt.Errorf("projections: router: %w", err)
	}
	m.instrument(r.router)
	for _, p := range cfg.Projectors {
		g := newGate()
		r.gates[p.Name()] = g
		r.names = append(r.names, p.Name())
		h := r.router.AddConsumerHandler(p.Name(), p.Name(), r.sub, r.handle(p))
		h.AddMiddleware(r.middleware(p, g)...)
	}
	return r, nil
}
