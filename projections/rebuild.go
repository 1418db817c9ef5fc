package projections

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
)

// RebuildOptions configure Rebuild.
type RebuildOptions struct {
	// Checkpoint is the checkpoint the rebuild writes with every batch;
	// default p.Name(). A side-by-side rebuild passes a projector writing to
	// v2 tables and a checkpoint of its own (e.g. "inbox.v2"), then swaps.
	Checkpoint string
	// BatchSize is the number of events read and applied per transaction.
	// Default 2,000.
	BatchSize int
	// OnProgress, if set, is called after every committed batch.
	OnProgress func(RebuildProgress)
}

// RebuildProgress is how far a rebuild has got.
type RebuildProgress struct {
	Checkpoint string
	Position   uint64        // committed checkpoint
	Events     int           // events read and committed by this call
	Applied    int           // of which handled by the projector
	Elapsed    time.Duration // since the call started
}

// EventsPerSecond is the rebuild's throughput so far.
func (p RebuildProgress) EventsPerSecond() float64 {
	if p.Elapsed <= 0 {
		return 0
	}
	return float64(p.Events) / p.Elapsed.Seconds()
}

// Rebuild replays the log into p straight from ReadAll, without Watermill,
// in large batches, each applied in one transaction with the checkpoint. It
// starts after opts.Checkpoint's stored position (0 for a new checkpoint, so
// a fresh name over empty tables is a from-scratch rebuild, and an
// interrupted rebuild resumes) and returns when it has caught up with the
// log. It may run while a live runtime feeds the same checkpoint: the
// checkpoint row lock makes every event apply once.
func Rebuild(ctx context.Context, db *pgxpool.Pool, store eventstore.Store, p Projector, opts RebuildOptions) (RebuildProgress, error) {
	if opts.Checkpoint == "" {
		opts.Checkpoint = p.Name()
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 2000
	}
	prog := RebuildProgress{Checkpoint: opts.Checkpoint}
	start := time.Now()
	after, err := ReadCheckpoint(ctx, db, opts.Checkpoint)
	if err != nil {
		return prog, err
	}
	prog.Position = after

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []eventstore.RecordedEvent, 1)
	readErr := make(chan error, 1)
	go func() { readErr <- readAhead(ctx, store, after, opts.BatchSize, batches) }()

	for evs := range batches {
		res, err := applyEvents(ctx, db, p, opts.Checkpoint, evs, 0)
		if err != nil {
			cancel()
			for range batches { // let the reader finish
			}
			return prog, fmt.Errorf("projections: rebuild %s: %w", opts.Checkpoint, err)
		}
		prog.Position = res.Position
		prog.Events += len(evs) - res.Duplicate
		prog.Applied += res.Handled
		prog.Elapsed = time.Since(start)
		if opts.OnProgress != nil {
			opts.OnProgress(prog)
		}
	}
	if err := <-readErr; err != nil {
		return prog, fmt.Errorf("projections: rebuild %s: %w", opts.Checkpoint, err)
	}
	prog.Elapsed = time.Since(start)
	return prog, nil
}

// readAhead reads the log in batches into out, one batch ahead of the
// writer, until it is caught up; it closes out.
func readAhead(ctx context.Context, store eventstore.Store, after uint64, size int, out chan<- []eventstore.RecordedEvent) error {
	defer close(out)
	for {
		evs, err := store.ReadAll(ctx, after, size)
		if err != nil {
			return fmt.Errorf("read log after %d: %w", after, err)
		}
		if len(evs) == 0 {
			return nil
		}
		select {
		case out <- evs:
		case <-ctx.Done():
			return ctx.Err()
		}
		after = evs[len(evs)-1].Position
	}
}
