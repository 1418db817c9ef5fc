package assigner

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Sweeper is the assigner's timer and presence side: it drains backlogs
// (when an agent comes online, and every SweepInterval) and redistributes
// the conversations of agents offline longer than their account's grace
// period. A sweep runs in one transaction holding the assigner's
// checkpoint row lock, so it never interleaves with the projector or with
// another instance's sweep.
type Sweeper struct {
	d    *decider
	db   *pgxpool.Pool
	wake chan struct{}
}

// NewSweeper returns a sweeper over the assigner's tables in db.
func NewSweeper(db *pgxpool.Pool, cfg Config) (*Sweeper, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Sweeper{d: &decider{cfg: cfg}, db: db, wake: make(chan struct{}, 1)}, nil
}

// Wake asks for a sweep soon (an agent came online or changed state). It
// never blocks.
func (s *Sweeper) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run sweeps on every wake-up and every SweepInterval until ctx ends.
func (s *Sweeper) Run(ctx context.Context) error {
	t := time.NewTicker(s.d.cfg.SweepInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-s.wake:
		}
		if err := s.Sweep(ctx); err != nil && ctx.Err() == nil {
			s.d.cfg.Logger.Warn("assigner: sweep failed", slog.Any("error", err))
		}
	}
}

// Sweep redistributes what offline agents hold past their grace, then
// drains every account's backlog once.
func (s *Sweeper) Sweep(ctx context.Context) error {
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO projection_checkpoints AS c (name, position) VALUES ($1, 0)
ON CONFLICT (name) DO UPDATE SET name = c.name`, ProjectorName); err != nil {
			return fmt.Errorf("assigner: sweep: lock: %w", err)
		}
		now := s.d.cfg.Now()
		if err := s.redistribute(ctx, tx, now); err != nil {
			return err
		}
		accounts, err := collect(ctx, tx, `SELECT DISTINCT account_id FROM assigner.conversations WHERE waiting_since IS NOT NULL`)
		if err != nil {
			return err
		}
		for _, acc := range accounts {
			if err := s.d.drain(ctx, tx, acc[0], Cause{Kind: "backlog", At: now}); err != nil {
				return err
			}
		}
		return nil
	})
}

// redistribute moves the open conversations of every agent offline past
// the grace period to other agents, or unassigns them.
func (s *Sweeper) redistribute(ctx context.Context, tx pgx.Tx, now time.Time) error {
	holders, err := collect(ctx, tx, `SELECT DISTINCT account_id, assignee_id FROM assigner.conversations
WHERE status = 'open' AND assignee_id <> ''`)
	if err != nil {
		return err
	}
	for _, h := range holders {
		acc, agent := h[0], h[1]
		online, since := s.d.cfg.Presence.Online(acc, agent)
		if online {
			continue
		}
		cfg, _, err := loadConfig(ctx, tx, acc)
		if err != nil {
			return err
		}
		if now.Sub(since) < cfg.Settings.Grace() {
			continue
		}
		if err := s.takeFrom(ctx, tx, acc, agent, now); err != nil {
			return err
		}
	}
	return nil
}

func (s *Sweeper) takeFrom(ctx context.Context, tx pgx.Tx, acc, agent string, now time.Time) error {
	rows, err := tx.Query(ctx, `SELECT `+convColumns+` FROM assigner.conversations
WHERE account_id = $1 AND assignee_id = $2 AND status = 'open' ORDER BY conversation_id LIMIT $3`, acc, agent, s.d.cfg.DrainBatch)
	if err != nil {
		return fmt.Errorf("assigner: conversations of %s: %w", agent, err)
	}
	convs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (convRow, error) { return scanConv(r) })
	if err != nil {
		return fmt.Errorf("assigner: conversations of %s: %w", agent, err)
	}
	s.d.cfg.Logger.Info("assigner: redistributing an offline agent's conversations",
		slog.String("account_id", acc), slog.String("agent_id", agent), slog.Int("conversations", len(convs)))
	for _, c := range convs {
		if _, err := s.d.decide(ctx, tx, c, Cause{Kind: "grace_expired", At: now}, agent); err != nil {
			return err
		}
	}
	return nil
}

// collect reads rows of text columns.
func collect(ctx context.Context, tx pgx.Tx, sql string, args ...any) ([][]string, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("assigner: sweep: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([]string, error) {
		vals := make([]string, len(r.FieldDescriptions()))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		return vals, r.Scan(ptrs...)
	})
	if err != nil {
		return nil, fmt.Errorf("assigner: sweep: %w", err)
	}
	return out, nil
}
