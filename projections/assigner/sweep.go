package assigner

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Sweeper is the assigner's timer and presence side: it drains backlogs
// (when an agent comes online, and every SweepInterval) and redistributes
// the conversations of agents offline longer than their account's grace
// period. It finds the work with plain reads, then decides each
// conversation in its own short transaction holding the assigner's
// checkpoint row lock, so it never interleaves with the projector or
// another instance's sweep, and never holds the event store's read horizon
// back for long (see eventstore/postgres: any open writing transaction
// delays every subscriber).
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

// Wake asks for a sweep soon (an agent came online). It never blocks.
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
// drains every account's backlog, longest waiting first. It stops early,
// without error, when another instance or the projector holds the lock.
func (s *Sweeper) Sweep(ctx context.Context) error {
	now := s.d.cfg.Now()
	busy, err := s.redistribute(ctx, now)
	if err != nil || busy {
		return err
	}
	accounts, err := collect(ctx, s.db, `SELECT DISTINCT account_id FROM assigner.conversations WHERE waiting_since IS NOT NULL`)
	if err != nil {
		return err
	}
	for _, acc := range accounts {
		rows, err := backlog(ctx, s.db, acc[0], s.d.cfg.DrainBatch)
		if err != nil {
			return err
		}
		for _, r := range rows {
			busy, err := s.step(ctx, r, Cause{Kind: "backlog", At: now}, "")
			if err != nil || busy {
				return err
			}
		}
	}
	return nil
}

// redistribute moves the open conversations of every agent offline past
// the grace period to other agents, or unassigns them.
func (s *Sweeper) redistribute(ctx context.Context, now time.Time) (busy bool, err error) {
	holders, err := collect(ctx, s.db, `SELECT DISTINCT account_id, assignee_id FROM assigner.conversations
WHERE status = 'open' AND assignee_id <> ''`)
	if err != nil {
		return false, err
	}
	for _, h := range holders {
		acc, agent := h[0], h[1]
		if _, since := s.d.cfg.Presence.Availability(acc, agent); since.IsZero() {
			continue // online or away: they keep their conversations
		} else if cfg, _, err := loadConfig(ctx, s.db, acc); err != nil || now.Sub(since) < cfg.Settings.Grace() {
			if err != nil {
				return false, err
			}
			continue
		}
		rows, err := s.db.Query(ctx, `SELECT `+convColumns+` FROM assigner.conversations
WHERE account_id = $1 AND assignee_id = $2 AND status = 'open' ORDER BY conversation_id LIMIT $3`, acc, agent, s.d.cfg.DrainBatch)
		if err != nil {
			return false, fmt.Errorf("assigner: conversations of %s: %w", agent, err)
		}
		convs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (convRow, error) { return scanConv(r) })
		if err != nil {
			return false, fmt.Errorf("assigner: conversations of %s: %w", agent, err)
		}
		s.d.cfg.Logger.Info("assigner: redistributing an offline agent's conversations",
			slog.String("account_id", acc), slog.String("agent_id", agent), slog.Int("conversations", len(convs)))
		for _, c := range convs {
			if busy, err := s.step(ctx, c, Cause{Kind: "grace_expired", At: now}, agent); err != nil || busy {
				return busy, err
			}
		}
	}
	return false, nil
}

// step decides for one conversation in a transaction of its own, if it is
// still as the sweep found it: waiting, or held by the offline agent
// (from).
func (s *Sweeper) step(ctx context.Context, found convRow, cause Cause, from string) (bool, error) {
	err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		busy, err := lock(ctx, tx)
		if err != nil {
			return err
		}
		if busy {
			return errBusy // roll back: the timed-out lock aborted the transaction
		}
		row, ok, err := loadConv(ctx, tx, found.AccountID, found.ID)
		if err != nil || !ok || row.Status != "open" {
			return err
		}
		if (from == "" && row.WaitingSince == nil) || (from != "" && row.AssigneeID != from) {
			return nil // changed since the sweep looked
		}
		_, err = s.d.decide(ctx, tx, row, cause, from)
		return err
	})
	if errors.Is(err, errBusy) {
		return true, nil
	}
	return false, err
}

// errBusy: the lock was not available in time.
var errBusy = errors.New("assigner: busy")

// lock takes the assigner's checkpoint row lock, waiting at most
// lockWait: busy is true when the projector or another sweep held it that
// long. Not waiting longer matters: a blocked sweep holds a pool
// connection the lock holder may need for its commands.
func lock(ctx context.Context, tx pgx.Tx) (busy bool, err error) {
	b := &pgx.Batch{}
	b.Queue(`SET LOCAL lock_timeout = '` + lockWait + `'`)
	b.Queue(`INSERT INTO projection_checkpoints AS c (name, position) VALUES ($1, 0)
ON CONFLICT (name) DO UPDATE SET name = c.name`, ProjectorName)
	err = tx.SendBatch(ctx, b).Close()
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "55P03" { // lock_not_available
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("assigner: sweep: lock: %w", err)
	}
	return false, nil
}

// lockWait bounds a sweep step's wait for the assigner's lock.
const lockWait = "250ms"

// collect reads rows of text columns.
func collect(ctx context.Context, q querier, sql string, args ...any) ([][]string, error) {
	rows, err := q.Query(ctx, sql, args...)
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
