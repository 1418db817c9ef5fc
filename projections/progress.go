package projections

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrWaitTimeout is returned by WaitFor when the projector has not reached
// the position in time; the query API answers 503 with Retry-After.
var ErrWaitTimeout = errors.New("projections: projector has not reached the position in time")

// ProgressConfig configures a Progress watcher.
type ProgressConfig struct {
	// MaxWait bounds every WaitFor, whatever its context. Default 2s.
	MaxWait time.Duration
	// RetryBackoff is the delay before LISTEN reconnects. Default 1s.
	RetryBackoff time.Duration
	// PollInterval is how often a waiter re-reads the checkpoint while the
	// listener is disconnected. Default 200ms.
	PollInterval time.Duration
	Logger       *slog.Logger
}

// Progress knows how far each projector has committed, from NOTIFYs on
// NotifyChannel (other processes) and from Observe (this process), and lets
// callers wait for a position: it powers read-your-writes in the query API.
type Progress struct {
	db  *pgxpool.Pool
	cfg ProgressConfig

	mu        sync.Mutex
	reached   map[string]uint64
	waiters   map[string]map[*waiter]struct{}
	listening bool
}

type waiter struct {
	position uint64
	done     chan struct{}
}

// NewProgress returns a watcher; call Run to receive other processes' progress.
func NewProgress(db *pgxpool.Pool, cfg ProgressConfig) *Progress {
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = 2 * time.Second
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = time.Second
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 200 * time.Millisecond
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Progress{db: db, cfg: cfg, reached: map[string]uint64{}, waiters: map[string]map[*waiter]struct{}{}}
}

// Observe records that projector has committed position and wakes the
// waiters it satisfies. Positions never go back.
func (p *Progress) Observe(projector string, position uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if position <= p.reached[projector] {
		return
	}
	p.reached[projector] = position
	for w := range p.waiters[projector] {
		if w.position <= position {
			close(w.done)
			delete(p.waiters[projector], w)
		}
	}
}

// WaitFor returns nil once projector has committed position (at once if it
// has), ErrWaitTimeout after MaxWait or when ctx's deadline passes first, and
// ctx's error if ctx is canceled.
func (p *Progress) WaitFor(ctx context.Context, projector string, position uint64) error {
	w := &waiter{position: position, done: make(chan struct{})}
	if p.register(projector, w) {
		return nil
	}
	defer p.unregister(projector, w)
	ctx, cancel := context.WithTimeout(ctx, p.cfg.MaxWait)
	defer cancel()
	// The waiter is registered first, so a commit after this read wakes it.
	if err := p.poll(ctx, projector); err != nil {
		return p.waitErr(ctx, err)
	}
	poll := time.NewTicker(p.cfg.PollInterval)
	defer poll.Stop()
	for {
		select {
		case <-w.done:
			return nil
		case <-ctx.Done():
			return p.waitErr(ctx, ctx.Err())
		case <-poll.C:
			if p.isListening() {
				continue
			}
			if err := p.poll(ctx, projector); err != nil {
				return p.waitErr(ctx, err)
			}
		}
	}
}

func (p *Progress) waitErr(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", ErrWaitTimeout, err)
	}
	return err
}

// register adds w unless position is already reached.
func (p *Progress) register(projector string, w *waiter) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.reached[projector] >= w.position {
		return true
	}
	if p.waiters[projector] == nil {
		p.waiters[projector] = map[*waiter]struct{}{}
	}
	p.waiters[projector][w] = struct{}{}
	return false
}

func (p *Progress) unregister(projector string, w *waiter) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.waiters[projector], w)
}

func (p *Progress) isListening() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.listening
}

func (p *Progress) poll(ctx context.Context, projector string) error {
	pos, err := ReadCheckpoint(ctx, p.db, projector)
	if err != nil {
		return err
	}
	p.Observe(projector, pos)
	return nil
}

// Run LISTENs on NotifyChannel until ctx ends, reconnecting after failures;
// on every (re)connect it re-reads all checkpoints, so nothing missed while
// disconnected is lost.
func (p *Progress) Run(ctx context.Context) error {
	for {
		err := p.listen(ctx)
		p.setListening(false)
		if ctx.Err() != nil {
			return nil
		}
		p.cfg.Logger.Warn("projections: progress listener lost; reconnecting", slog.Any("error", err))
		t := time.NewTimer(p.cfg.RetryBackoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

func (p *Progress) setListening(v bool) {
	p.mu.Lock()
	p.listening = v
	p.mu.Unlock()
}

func (p *Progress) listen(ctx context.Context) error {
	conn, err := pgx.ConnectConfig(ctx, p.db.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("projections: progress: connect: %w", err)
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	if _, err := conn.Exec(ctx, "LISTEN "+NotifyChannel); err != nil {
		return fmt.Errorf("projections: progress: listen: %w", err)
	}
	if err := p.readAll(ctx, conn); err != nil {
		return err
	}
	p.setListening(true)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("projections: progress: wait: %w", err)
		}
		var notice ProgressNotice
		if err := json.Unmarshal([]byte(n.Payload), &notice); err != nil {
			p.cfg.Logger.Warn("projections: progress: bad notice", slog.String("payload", n.Payload), slog.Any("error", err))
			continue
		}
		p.Observe(notice.Projector, notice.Position)
	}
}

func (p *Progress) readAll(ctx context.Context, conn *pgx.Conn) error {
	rows, err := conn.Query(ctx, `SELECT name, position FROM projection_checkpoints`)
	if err != nil {
		return fmt.Errorf("projections: progress: read checkpoints: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var pos int64
		if err := rows.Scan(&name, &pos); err != nil {
			return fmt.Errorf("projections: progress: read checkpoints: %w", err)
		}
		p.Observe(name, uint64(pos))
	}
	return rows.Err()
}
