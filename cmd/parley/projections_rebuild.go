package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/inbox"
)

// An online rebuild of the inbox views runs beside the live projector, which
// keeps applying events (in this process or another) and keeps serving
// queries from the live schema:
//
//  1. prepare: under a session advisory lock (one rebuild at a time), drop a
//     left-over side-by-side schema and its checkpoint, migrate it afresh;
//  2. replay: projections.Rebuild into it under its own checkpoint, in
//     passes, until a pass has little left to do (verify catches up the rest);
//  3. verify (projections_verify.go): pause the live projector by holding its
//     checkpoint row lock (every view write of a projector happens in a
//     transaction that holds that lock), bring the rebuild to exactly the
//     live position, open a REPEATABLE READ snapshot, release the live
//     projector, then compare both schemas inside that one snapshot, where
//     both are at the same position, however long the comparison takes;
//  4. swap (projections_swap.go): inbox.Swap, with the rebuild's checkpoint
//     row held so that Swap, once it holds the live checkpoint, waits for us
//     while we bring the rebuild up to the now frozen live position; then
//     the old schema is dropped.
//
// The live projector pauses twice, each time only while the rebuild applies
// the few events it is behind.

// rebuildOptions tune an online rebuild.
type rebuildOptions struct {
	Live   string // the live schema; inbox.DefaultSchema
	Schema string // the side-by-side schema; "inbox_rebuild"
	// Force swaps even when the views differ or cannot be compared (a
	// rebuild after a projector fix is expected to differ).
	Force     bool
	BatchSize int           // events per replay transaction; 2,000
	LiveWait  time.Duration // how long to wait for a live projector behind the rebuild; 30 s
	Slack     int           // replay passes repeat until one applies fewer events; 5,000
}

func (o *rebuildOptions) setDefaults() {
	if o.Live == "" {
		o.Live = inbox.DefaultSchema
	}
	if o.Schema == "" {
		o.Schema = "inbox_rebuild"
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 2000
	}
	if o.LiveWait <= 0 {
		o.LiveWait = 30 * time.Second
	}
	if o.Slack <= 0 {
		o.Slack = 5000
	}
}

// rebuildReport is how far a rebuild has got; report receives it after
// every replayed batch and phase change.
type rebuildReport struct {
	Phase           string        `json:"phase"` // preparing, replaying, verifying, swapping, done
	Events          int           `json:"events"`
	Total           int64         `json:"total_events,omitempty"` // events in the log at the start (0: unknown)
	EventsPerSecond float64       `json:"events_per_second"`
	ETA             time.Duration `json:"eta_ns,omitempty"`
	Position        uint64        `json:"position"`
	LivePosition    uint64        `json:"live_position,omitempty"`
	Elapsed         time.Duration `json:"elapsed_ns"`
	Verified        bool          `json:"verified"`
	Differences     []string      `json:"differences,omitempty"`
}

// errRebuildRunning: another rebuild of the same schema holds the lock.
var errRebuildRunning = errors.New("a rebuild of the inbox views is already running")

// errViewsDiffer: the rebuilt views are not equal to the live ones.
var errViewsDiffer = errors.New("the rebuilt views differ from the live ones")

// inboxRebuild is one online rebuild; run it once.
type inboxRebuild struct {
	pool   *pgxpool.Pool // at least 6 connections of its own
	store  eventstore.Store
	logger *slog.Logger
	opts   rebuildOptions
	report func(rebuildReport)

	start time.Time
	state rebuildReport
}

func newInboxRebuild(pool *pgxpool.Pool, store eventstore.Store, logger *slog.Logger, opts rebuildOptions, report func(rebuildReport)) (*inboxRebuild, error) {
	opts.setDefaults()
	for _, s := range []string{opts.Live, opts.Schema} {
		if err := inbox.ValidateSchema(s); err != nil {
			return nil, err
		}
	}
	if opts.Live == opts.Schema {
		return nil, fmt.Errorf("rebuild: schema %q is the live one", opts.Schema)
	}
	if report == nil {
		report = func(rebuildReport) {}
	}
	return &inboxRebuild{pool: pool, store: store, logger: logger, opts: opts, report: report}, nil
}

func (r *inboxRebuild) phase(p string) {
	r.state.Phase, r.state.Elapsed = p, time.Since(r.start)
	r.logger.Info("inbox rebuild", "phase", p, "events", r.state.Events, "position", r.state.Position)
	r.report(r.state)
}

// run rebuilds, verifies and swaps; it returns the final report.
func (r *inboxRebuild) run(ctx context.Context) (rebuildReport, error) {
	r.start = time.Now()
	unlock, err := r.lock(ctx)
	if err != nil {
		return r.state, err
	}
	defer unlock()
	r.phase("preparing")
	p, err := r.prepare(ctx)
	if err != nil {
		return r.state, err
	}
	r.phase("replaying")
	if err := r.replay(ctx, p); err != nil {
		return r.state, err
	}
	r.phase("verifying")
	if err := r.verify(ctx, p); err != nil {
		return r.state, err
	}
	r.phase("swapping")
	if err := r.swap(ctx, p); err != nil {
		return r.state, err
	}
	r.phase("done")
	return r.state, nil
}

// lock takes the session advisory lock of this schema's rebuild.
func (r *inboxRebuild) lock(ctx context.Context) (func(), error) {
	conn, err := r.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("rebuild: %w", err)
	}
	key := "parley.rebuild." + r.opts.Schema
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(hashtext($1))`, key).Scan(&ok); err != nil {
		conn.Release()
		return nil, fmt.Errorf("rebuild: lock: %w", err)
	}
	if !ok {
		conn.Release()
		return nil, errRebuildRunning
	}
	return func() {
		if _, err := conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtext($1))`, key); err != nil {
			conn.Conn().Close(context.WithoutCancel(ctx)) // closing the session releases the lock
		}
		conn.Release()
	}, nil
}

// prepare drops what an earlier rebuild left and creates empty views.
func (r *inboxRebuild) prepare(ctx context.Context) (*inbox.Projector, error) {
	p, err := inbox.NewProjector(inbox.Options{Schema: r.opts.Schema})
	if err != nil {
		return nil, err
	}
	if err := inbox.Drop(ctx, r.pool, r.opts.Schema); err != nil {
		return nil, err
	}
	if err := projections.ResetCheckpoint(ctx, r.pool, p.Name()); err != nil {
		return nil, err
	}
	if err := inbox.Migrate(ctx, r.pool, r.opts.Schema); err != nil {
		return nil, err
	}
	return p, nil
}
