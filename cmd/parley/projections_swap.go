package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/inbox"
)

// swap replaces the live views with the rebuilt ones by inbox.Swap. Swap
// requires the rebuild to be at or past the live position when it moves the
// rebuild's checkpoint onto the live one: a running live projector only
// goes forward, so any event between the two would be missing from the new
// views. Swap locks the live checkpoint, then the rebuild's. We hold the
// rebuild's row first, so once Swap waits for us (seen in pg_blocking_pids)
// it holds the live checkpoint and the live position is frozen: we apply
// the events the rebuild is behind in our transaction and commit, and Swap
// carries on with a rebuild exactly at the live position.
func (r *inboxRebuild) swap(ctx context.Context, p *inbox.Projector) error {
	liveName := inbox.NameFor(r.opts.Live)
	if err := ensureCheckpoint(ctx, r.pool, p.Name()); err != nil {
		return err
	}
	hold, err := r.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("rebuild: swap: %w", err)
	}
	defer func() { _ = hold.Rollback(context.WithoutCancel(ctx)) }()
	pos, err := lockCheckpointRow(ctx, hold, p.Name())
	if err != nil {
		return err
	}
	var pid int32
	if err := hold.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		return fmt.Errorf("rebuild: swap: %w", err)
	}
	swapCtx, cancelSwap := context.WithCancel(ctx)
	defer cancelSwap()
	swapped := make(chan error, 1)
	go func() { swapped <- inbox.Swap(swapCtx, r.pool, r.opts.Schema, r.opts.Live) }()
	if err := r.waitBlockedBy(ctx, pid, swapped); err != nil {
		cancelSwap()
		return errors.Join(err, <-swapped)
	}
	live, err := projections.ReadCheckpoint(ctx, r.pool, liveName)
	if err != nil {
		cancelSwap()
		return errors.Join(err, <-swapped)
	}
	n, err := applyRange(ctx, hold, r.store, p, pos, live)
	if err == nil {
		err = hold.Commit(ctx)
	}
	if err != nil {
		cancelSwap()
		return errors.Join(fmt.Errorf("rebuild: swap: catch up to %d: %w", live, err), <-swapped)
	}
	if err := <-swapped; err != nil {
		return err
	}
	r.state.Events += n
	r.state.Position, r.state.LivePosition = max(pos, live), live
	r.logger.Info("inbox rebuild: swapped", "position", r.state.Position, "caught_up_in_swap", n)
	r.announce(ctx, liveName, r.state.Position)
	return inbox.Drop(ctx, r.pool, r.opts.Live+"_previous")
}

// waitBlockedBy returns once a session waits for a lock held by backend pid
// (only Swap can: nothing else touches the rebuild's checkpoint), or when
// swapped reports that Swap ended first.
func (r *inboxRebuild) waitBlockedBy(ctx context.Context, pid int32, swapped <-chan error) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-swapped:
			return fmt.Errorf("rebuild: swap ended before taking the checkpoints: %w", err)
		case <-ctx.Done():
			return fmt.Errorf("rebuild: swap did not get the live checkpoint: %w", ctx.Err())
		case <-tick.C:
		}
		var waiting bool
		err := r.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid)))`, pid).Scan(&waiting)
		if err != nil {
			return fmt.Errorf("rebuild: swap: watch locks: %w", err)
		}
		if waiting {
			return nil
		}
	}
}

// announce tells Progress watchers (read-your-writes) where the swapped-in
// views are, as a projector's commit would.
func (r *inboxRebuild) announce(ctx context.Context, name string, position uint64) {
	notice, err := json.Marshal(projections.ProgressNotice{Projector: name, Position: position})
	if err == nil {
		_, err = r.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, projections.NotifyChannel, string(notice))
	}
	if err != nil {
		r.logger.Warn("inbox rebuild: announce the swapped checkpoint", "error", err)
	}
}
