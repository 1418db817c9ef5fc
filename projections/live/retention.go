package live

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Retention bounds the live feed. Rows older than MaxAge and rows beyond the
// newest MaxRows are deleted; clients that were offline longer resync.
type Retention struct {
	MaxAge   time.Duration // default 24 h
	MaxRows  int64         // default 1,000,000 (all accounts together)
	Interval time.Duration // RunCleanup's period; default 5 min
	// ChunkRows bounds the rows deleted per statement. Default 10,000.
	ChunkRows int
	Logger    *slog.Logger
}

func (r *Retention) setDefaults() {
	if r.MaxAge <= 0 {
		r.MaxAge = 24 * time.Hour
	}
	if r.MaxRows <= 0 {
		r.MaxRows = 1_000_000
	}
	if r.Interval <= 0 {
		r.Interval = 5 * time.Minute
	}
	if r.ChunkRows <= 0 {
		r.ChunkRows = 10_000
	}
	if r.Logger == nil {
		r.Logger = slog.New(slog.DiscardHandler)
	}
}

// Cleanup deletes the rows retention no longer keeps and returns how many.
// It raises the horizon before deleting, so a resuming client never misses
// a deleted row without being told to resync.
func Cleanup(ctx context.Context, db *pgxpool.Pool, r Retention) (int64, error) {
	r.setDefaults()
	var through int64
	err := db.QueryRow(ctx, `SELECT greatest(
    coalesce((SELECT seq FROM live_changes WHERE created_at < now() - make_interval(secs => $1) ORDER BY created_at DESC LIMIT 1), 0),
    coalesce((SELECT seq FROM live_changes ORDER BY seq DESC OFFSET $2 LIMIT 1), 0))`,
		r.MaxAge.Seconds(), r.MaxRows).Scan(&through)
	if err != nil {
		return 0, fmt.Errorf("live: cleanup: find cut: %w", err)
	}
	if through == 0 {
		return 0, nil
	}
	if _, err := db.Exec(ctx, `UPDATE live_horizon SET purged_through = greatest(purged_through, $1)`, through); err != nil {
		return 0, fmt.Errorf("live: cleanup: raise horizon to %d: %w", through, err)
	}
	var total int64
	for {
		tag, err := db.Exec(ctx, `DELETE FROM live_changes WHERE seq IN (
    SELECT seq FROM live_changes WHERE seq <= $1 ORDER BY seq LIMIT $2)`, through, r.ChunkRows)
		if err != nil {
			return total, fmt.Errorf("live: cleanup: delete through %d: %w", through, err)
		}
		total += tag.RowsAffected()
		if tag.RowsAffected() < int64(r.ChunkRows) {
			return total, nil
		}
	}
}

// RunCleanup runs Cleanup every r.Interval until ctx ends. Failures are
// logged and retried at the next tick.
func RunCleanup(ctx context.Context, db *pgxpool.Pool, r Retention) {
	r.setDefaults()
	t := time.NewTicker(r.Interval)
	defer t.Stop()
	for {
		n, err := Cleanup(ctx, db, r)
		switch {
		case err != nil && ctx.Err() == nil:
			r.Logger.Warn("live: retention cleanup failed", slog.Any("error", err))
		case n > 0:
			r.Logger.Info("live: retention cleanup", slog.Int64("deleted", n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
