package presence

import (
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Channel is the PostgreSQL NOTIFY channel presence notices travel on.
const Channel = "parley_presence"

// Config configures a Store.
type Config struct {
	// DB shares presence with other processes through NOTIFY; nil keeps it
	// in this process.
	DB *pgxpool.Pool
	// Timeout: an agent with no heartbeat for this long is offline.
	// Default 60s.
	Timeout time.Duration
	// MaxTTL bounds how long one signal lives without being repeated.
	// Default 60s.
	MaxTTL time.Duration
	// LiveDelay is how long the live stream may take to put a new message
	// on a viewer's screen: an agent whose viewing signal (without up_to)
	// is live has seen the customer messages received at least this long
	// ago. Default 1s (the live stream's target is p99 <= 250 ms).
	LiveDelay time.Duration
	// ViewRetention is how long an agent's last view of a conversation is
	// remembered for CheckFreshView. Default 1h.
	ViewRetention time.Duration
	// ClientBuffer bounds each subscription's queue; a slow subscriber
	// loses changes (they are ephemeral) rather than blocking. Default 64.
	ClientBuffer int
	// OnChange, if set, is called (without locks held) after every change,
	// e.g. to wake the assigner when an agent comes online.
	OnChange func(Change)
	Now      func() time.Time
	Logger   *slog.Logger
	// RetryBackoff is the delay before the listener reconnects. Default 1s.
	RetryBackoff time.Duration
}

// HeartbeatHint is how often clients should send heartbeats.
const HeartbeatHint = 20 * time.Second

func (c *Config) setDefaults() {
	if c.Timeout <= 0 {
		c.Timeout = 60 * time.Second
	}
	if c.MaxTTL <= 0 {
		c.MaxTTL = 60 * time.Second
	}
	if c.LiveDelay <= 0 {
		c.LiveDelay = time.Second
	}
	if c.ViewRetention <= 0 {
		c.ViewRetention = time.Hour
	}
	if c.ClientBuffer <= 0 {
		c.ClientBuffer = 64
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.RetryBackoff <= 0 {
		c.RetryBackoff = time.Second
	}
}
