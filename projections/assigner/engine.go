package assigner

import (
	"errors"
	"log/slog"
	"time"
)

// Config configures the assigner (its projector and its sweeper).
type Config struct {
	Directory Directory  // required
	Commander *Commander // required
	Presence  Presence   // default EveryoneOnline
	Logger    *slog.Logger
	Now       func() time.Time // default time.Now
	// LiveWindow: events recorded longer ago than this only update the
	// assigner's rows (a replay or a catch-up must not fire commands for
	// history); the sweeper then works whatever they left waiting.
	// Default 1 minute.
	LiveWindow time.Duration
	// DrainBatch bounds the backlog conversations one drain looks at.
	// Default 50.
	DrainBatch int
	// SweepInterval is how often the sweeper drains backlogs and
	// redistributes the conversations of agents offline past their grace.
	// Default 5s.
	SweepInterval time.Duration
	// Zone resolves business-hours time zones. Default time.LoadLocation.
	Zone func(string) (*time.Location, error)
}

func (c *Config) setDefaults() {
	if c.Presence == nil {
		c.Presence = EveryoneOnline{}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.LiveWindow <= 0 {
		c.LiveWindow = time.Minute
	}
	if c.DrainBatch <= 0 {
		c.DrainBatch = 50
	}
	if c.SweepInterval <= 0 {
		c.SweepInterval = 5 * time.Second
	}
	if c.Zone == nil {
		c.Zone = time.LoadLocation
	}
}

// Validate reports every missing dependency.
func (c Config) Validate() error {
	var errs []error
	if c.Directory == nil {
		errs = append(errs, errors.New("assigner: Config.Directory is required"))
	}
	if c.Commander == nil {
		errs = append(errs, errors.New("assigner: Config.Commander is required"))
	}
	return errors.Join(errs...)
}
