package main

import (
	"context"
	"time"

	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/inbox"
)

// eventCounter is implemented by stores that can count their events
// (postgres.Store); the rebuild's ETA needs it.
type eventCounter interface {
	CountAfter(ctx context.Context, after uint64) (int64, error)
}

// replay runs projections.Rebuild passes until one has little left to do.
func (r *inboxRebuild) replay(ctx context.Context, p *inbox.Projector) error {
	if c, ok := r.store.(eventCounter); ok {
		n, err := c.CountAfter(ctx, 0)
		if err != nil {
			return err
		}
		r.state.Total = n
	}
	liveName := inbox.NameFor(r.opts.Live)
	replayStart := time.Now()
	for {
		before := r.state.Events
		res, err := projections.Rebuild(ctx, r.pool, r.store, p, projections.RebuildOptions{
			Checkpoint: p.Name(), BatchSize: r.opts.BatchSize,
			OnProgress: func(pr projections.RebuildProgress) { r.progress(before+pr.Events, pr.Position, replayStart) },
		})
		if err != nil {
			return err
		}
		r.progress(before+res.Events, res.Position, replayStart)
		live, err := projections.ReadCheckpoint(ctx, r.pool, liveName)
		if err != nil {
			return err
		}
		r.state.LivePosition = live
		if res.Events < r.opts.Slack || res.Position >= live {
			return nil
		}
	}
}

// progress updates the report after a replayed batch.
func (r *inboxRebuild) progress(events int, position uint64, since time.Time) {
	s := &r.state
	s.Events, s.Position, s.Elapsed = events, position, time.Since(r.start)
	if secs := time.Since(since).Seconds(); secs > 0 {
		s.EventsPerSecond = float64(events) / secs
	}
	s.ETA = 0
	if left := s.Total - int64(events); left > 0 && s.EventsPerSecond > 0 {
		s.ETA = time.Duration(float64(left) / s.EventsPerSecond * float64(time.Second))
	}
	r.report(*s)
}
