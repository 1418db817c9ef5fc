package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/internal/config"
	"github.com/parley-inbox/parley/projections/inbox"
)

// viewChunk is how many conversations loadViews generates and applies per
// transaction.
const viewChunk = 2_000

// loadViews migrates, then folds generated histories straight into the
// inbox views with the inbox projector's ApplyBatch — the same code and the
// same rows as a rebuild from the log, without writing the log. It makes a
// list benchmark over 1,000,000 conversations practical; the lag benches
// and anything that reads the log need load instead.
func (rb *readBench) loadViews(ctx context.Context, logger *slog.Logger, out io.Writer, conversations int) error {
	pool := rb.db.Pool
	if err := applyMigrations(ctx, pool, migrations(config.EventStorePostgres), slog.New(slog.DiscardHandler)); err != nil {
		return err
	}
	p, err := inbox.NewProjector(inbox.Options{})
	if err != nil {
		return err
	}
	// A database that already holds the views (--postgres-url kept from an
	// earlier run) is topped up from the last whole chunk: folding a chunk
	// again changes nothing (revision guards).
	var have int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM inbox.conversations`).Scan(&have); err != nil {
		return fmt.Errorf("bench: count the views: %w", err)
	}
	first := min(have, conversations) / viewChunk * viewChunk
	if first > 0 {
		fmt.Fprintf(out, "the views hold %d conversations already: folding from %d\n", have, first)
	}
	start, last := time.Now(), time.Now()
	var events, position uint64 = 0, 1
	for from := first; from < conversations; from += viewChunk {
		to := min(from+viewChunk, conversations)
		log, err := rb.gen.LogRange(from, to, position, uint64(from))
		if err != nil {
			return err
		}
		if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return p.ApplyBatch(ctx, tx, log) }); err != nil {
			return fmt.Errorf("bench: fold conversations %d-%d into the views: %w", from, to, err)
		}
		events += uint64(len(log))
		position += uint64(len(log))
		if time.Since(last) > 5*time.Second {
			last = time.Now()
			fmt.Fprintf(out, "folding into the views: %d/%d conversations, %.0f events/s\n", to, conversations, float64(events)/time.Since(start).Seconds())
		}
	}
	took := time.Since(start)
	rb.extra["views"] = fmt.Sprintf("%d conversations (%d events) folded straight into the inbox views in %s: %.0f events/s (--views-only: not in the log)",
		conversations, events, took.Round(time.Second), float64(events)/took.Seconds())
	if first > 0 {
		rb.extra["views"] = fmt.Sprintf("%d conversations in the views, %d of them kept from an earlier run; %d events folded now in %s (--views-only: not in the log)",
			conversations, first, events, took.Round(time.Second))
	}
	fmt.Fprintln(out, rb.extra["views"])
	logger.Info("read bench views ready", "conversations", conversations, "events", events)
	if _, err := pool.Exec(ctx, "VACUUM (ANALYZE)"); err != nil {
		return fmt.Errorf("bench: analyze: %w", err)
	}
	return nil
}
