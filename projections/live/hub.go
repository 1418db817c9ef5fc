package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ListenerApplicationName names the hub's LISTEN connection in
// pg_stat_activity.
const ListenerApplicationName = "parley-live-hub"

// HubConfig configures a Hub.
type HubConfig struct {
	DB *pgxpool.Pool // required; the hub opens one extra connection to LISTEN
	// BatchSize bounds the rows read per query. Default 500.
	BatchSize int
	// ClientBuffer bounds each subscription's queue; a client that falls
	// this far behind is dropped with ErrSlowClient. Default 256.
	ClientBuffer int
	// RetryBackoff is the delay before the listener reconnects. Default 1s.
	RetryBackoff time.Duration
	Logger       *slog.Logger
}

func (c *HubConfig) setDefaults() {
	if c.BatchSize <= 0 {
		c.BatchSize = 500
	}
	if c.ClientBuffer <= 0 {
		c.ClientBuffer = 256
	}
	if c.RetryBackoff <= 0 {
		c.RetryBackoff = time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Hub fans the live feed out to this process's subscribers. Make one per
// process and Run it; Subscribe waits until it has connected once.
type Hub struct {
	cfg   HubConfig
	ready chan struct{} // closed once the cursor is known
	stop  chan struct{} // closed when Run has returned

	mu       sync.Mutex
	cursor   uint64 // highest seq fanned out
	started  bool
	stopped  bool
	accounts map[string]map[*Subscription]struct{}
}

// NewHub returns a hub; Run starts it.
func NewHub(cfg HubConfig) (*Hub, error) {
	cfg.setDefaults()
	if cfg.DB == nil {
		return nil, errors.New("live: HubConfig.DB is required")
	}
	return &Hub{cfg: cfg, ready: make(chan struct{}), stop: make(chan struct{}),
		accounts: map[string]map[*Subscription]struct{}{}}, nil
}

// Run listens and fans out until ctx ends, reconnecting after failures (a
// reconnect reads everything after the cursor, so nothing is lost). When it
// returns, every subscription ends with ErrHubClosed.
func (h *Hub) Run(ctx context.Context) error {
	h.mu.Lock()
	if h.started {
		h.mu.Unlock()
		return errors.New("live: hub already run")
	}
	h.started = true
	h.mu.Unlock()
	defer h.shutdown()
	for {
		err := h.listen(ctx)
		if ctx.Err() != nil {
			return nil
		}
		h.cfg.Logger.Warn("live: hub listener lost; reconnecting", slog.Any("error", err))
		t := time.NewTimer(h.cfg.RetryBackoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

func (h *Hub) listen(ctx context.Context) error {
	cc := h.cfg.DB.Config().ConnConfig.Copy()
	if cc.RuntimeParams == nil {
		cc.RuntimeParams = map[string]string{}
	}
	cc.RuntimeParams["application_name"] = ListenerApplicationName
	conn, err := pgx.ConnectConfig(ctx, cc)
	if err != nil {
		return fmt.Errorf("live: hub: connect: %w", err)
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	if _, err := conn.Exec(ctx, "LISTEN "+NotifyChannel); err != nil {
		return fmt.Errorf("live: hub: listen: %w", err)
	}
	if err := h.start(ctx, conn); err != nil {
		return err
	}
	// Rows committed before LISTEN took effect sent no NOTIFY we can see.
	if err := h.catchUp(ctx, conn); err != nil {
		return err
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("live: hub: wait: %w", err)
		}
		if seq, err := strconv.ParseUint(n.Payload, 10, 64); err == nil && seq <= h.position() {
			continue // already read with an earlier batch
		}
		if err := h.catchUp(ctx, conn); err != nil {
			return err
		}
	}
}

// start sets the cursor to the newest seq on the first connection: a hub
// delivers what happens from now on; resuming is the reader's business.
func (h *Hub) start(ctx context.Context, conn *pgx.Conn) error {
	select {
	case <-h.ready:
		return nil
	default:
	}
	seq, err := LatestSeq(ctx, conn)
	if err != nil {
		return err
	}
	h.mu.Lock()
	h.cursor = seq
	h.mu.Unlock()
	close(h.ready)
	return nil
}

// catchUp reads and fans out every row after the cursor, a batch at a time.
func (h *Hub) catchUp(ctx context.Context, conn *pgx.Conn) error {
	for {
		changes, err := ReadAfter(ctx, conn, h.position(), h.cfg.BatchSize)
		if err != nil {
			return err
		}
		h.fanOut(changes)
		if len(changes) < h.cfg.BatchSize {
			return nil
		}
	}
}

func (h *Hub) position() uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.cursor
}
