package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
)

// Config tunes a Store. The zero value is usable: setDefaults fills it.
type Config struct {
	// Channel is the LISTEN/NOTIFY channel appends notify; "parley_events" if empty.
	Channel string
	// IdleRecheck is how long an idle subscription waits for a notification
	// before reading anyway (a notification can be lost if a process dies
	// between its commit and its NOTIFY); 1 s if zero.
	IdleRecheck time.Duration
	// BatchSize is how many events SubscribeAll reads per query, and ReadAll's
	// limit when the caller passes none; 500 if zero.
	BatchSize int
	// MinBackoff and MaxBackoff bound how often SubscribeAll re-checks while
	// committed events are hidden by an older open transaction; 5 ms and 50 ms if zero.
	MinBackoff, MaxBackoff time.Duration
}

func (c *Config) setDefaults() {
	if c.Channel == "" {
		c.Channel = "parley_events"
	}
	if c.BatchSize == 0 {
		c.BatchSize = 500
	}
	if c.IdleRecheck == 0 {
		c.IdleRecheck = time.Second
	}
	if c.MinBackoff == 0 {
		c.MinBackoff = 5 * time.Millisecond
	}
	if c.MaxBackoff == 0 {
		c.MaxBackoff = 50 * time.Millisecond
	}
}

// Validate reports every problem with the configuration at once.
func (c Config) Validate() error {
	var errs []error
	if len(c.Channel) > 63 {
		errs = append(errs, fmt.Errorf("channel %q is longer than 63 bytes", c.Channel))
	}
	if c.BatchSize < 0 {
		errs = append(errs, fmt.Errorf("batch size %d is negative", c.BatchSize))
	}
	if c.MinBackoff < 0 || c.MaxBackoff < c.MinBackoff {
		errs = append(errs, fmt.Errorf("backoff bounds %s..%s are not increasing", c.MinBackoff, c.MaxBackoff))
	}
	return errors.Join(errs...)
}

// Store is the PostgreSQL event store. It is safe for concurrent use.
type Store struct {
	pool      *pgxpool.Pool
	cfg       Config
	done      chan struct{} // closed by Close; ends running subscriptions
	closeOnce sync.Once
	notify    *notifier
}

var _ eventstore.Store = (*Store)(nil)

// New returns a Store over pool, which must have been migrated (Migrate).
// The pool stays the caller's: Close does not close it.
func New(ctx context.Context, pool *pgxpool.Pool, cfg Config) (*Store, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("postgres eventstore: config: %w", err)
	}
	var ok bool
	if err := pool.QueryRow(ctx, "SELECT to_regprocedure('eventstore.append(text,integer,bigint,uuid[],text[],integer[],jsonb[],jsonb[],text)') IS NOT NULL").Scan(&ok); err != nil {
		return nil, fmt.Errorf("postgres eventstore: check schema: %w", classify(err))
	}
	if !ok {
		return nil, errors.New("postgres eventstore: schema missing: run postgres.Migrate first")
	}
	return &Store{pool: pool, cfg: cfg, done: make(chan struct{}), notify: startNotifier(ctx, pool, cfg.Channel)}, nil
}

// Close ends running subscriptions. The pool is left open for its owner.
func (s *Store) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.notify.close()
	})
}
