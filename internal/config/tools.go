package config

import (
	"errors"
	"flag"
	"fmt"
	"time"
)

// Migrate configures `parley migrate`.
type Migrate struct {
	Log        Log
	DB         Database
	EventStore string // the PostgreSQL event store's schema is applied only for postgres
}

func (c *Migrate) setDefaults() {
	c.Log.setDefaults()
	c.DB.setDefaults()
	if c.EventStore == "" {
		c.EventStore = EventStorePostgres
	}
}

// FlagSet sets c's defaults and returns the `migrate` flags bound to c.
func (c *Migrate) FlagSet() *flag.FlagSet {
	c.setDefaults()
	fs := newFlagSet("migrate", "usage: parley migrate [flags]\n\nApplies Parley's schema migrations to PostgreSQL; running it again changes nothing.")
	c.Log.bind(fs)
	c.DB.bind(fs)
	fs.StringVar(&c.EventStore, "eventstore", c.EventStore, "event store: postgres (its tables are migrated too) or esdb")
	return fs
}

// Validate reports every problem with the configuration at once.
func (c Migrate) Validate() error {
	errs := []error{c.Log.Validate(), c.DB.Validate()}
	if c.EventStore != EventStorePostgres && c.EventStore != EventStoreESDB {
		errs = append(errs, fmt.Errorf("--eventstore %q: want postgres or esdb", c.EventStore))
	}
	return errors.Join(errs...)
}

// Bench holds the flags every `parley bench <suite>` shares; a suite adds
// its own to the same FlagSet.
type Bench struct {
	Log         Log
	DB          Database
	Concurrency int
	Duration    time.Duration
	Output      string // text or json
}

func (c *Bench) setDefaults() {
	c.Log.setDefaults()
	c.DB.setDefaults()
	if c.Concurrency == 0 {
		c.Concurrency = 10
	}
	if c.Duration == 0 {
		c.Duration = 10 * time.Second
	}
	if c.Output == "" {
		c.Output = "text"
	}
}

// FlagSet sets c's defaults and returns the shared flags of bench suite
// `suite`, bound to c.
func (c *Bench) FlagSet(suite, summary string) *flag.FlagSet {
	c.setDefaults()
	fs := newFlagSet("bench "+suite, fmt.Sprintf("usage: parley bench %s [flags]\n\n%s", suite, summary))
	c.Log.bind(fs)
	c.DB.bind(fs)
	fs.IntVar(&c.Concurrency, "concurrency", c.Concurrency, "concurrent clients")
	fs.DurationVar(&c.Duration, "duration", c.Duration, "how long to measure")
	fs.StringVar(&c.Output, "output", c.Output, "result format: text or json")
	return fs
}

// Validate reports every problem with the configuration at once.
func (c Bench) Validate() error {
	errs := []error{c.Log.Validate(), c.DB.Validate()}
	if c.Concurrency < 1 {
		errs = append(errs, fmt.Errorf("--concurrency %d must be at least 1", c.Concurrency))
	}
	if c.Duration <= 0 {
		errs = append(errs, fmt.Errorf("--duration %s must be positive", c.Duration))
	}
	if c.Output != "text" && c.Output != "json" {
		errs = append(errs, fmt.Errorf("--output %q: want text or json", c.Output))
	}
	return errors.Join(errs...)
}
