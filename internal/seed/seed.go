package seed

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/parley-inbox/parley/eventstore"
)

// SeedOptions say what to generate.
type SeedOptions struct {
	Conversations int    // how many conversations; required
	Accounts      int    // accounts they are spread over; default 1
	Seed          uint64 // the random seed; the same seed gives the same log
	// Workers append in parallel; default 4*GOMAXPROCS (appends are
	// round-trip bound, so more workers than cores pays), or 2*GOMAXPROCS
	// with a bulk-appending store (appends are then server-CPU bound).
	Workers int
	// Chunk is how many conversations one bulk append carries (stores with
	// AppendStreams only); default 100.
	Chunk int
	// Prefix starts every generated id; default "s<seed>-".
	Prefix string
	// ProgressEvery is how often progress is reported; default 2 s.
	ProgressEvery time.Duration
}

func (o *SeedOptions) setDefaults() {
	if o.Accounts == 0 {
		o.Accounts = 1
	}
	if o.Workers == 0 {
		o.Workers = 4 * runtime.GOMAXPROCS(0)
	}
	if o.Chunk == 0 {
		o.Chunk = 100
	}
	if o.Prefix == "" {
		o.Prefix = fmt.Sprintf("s%d-", o.Seed)
	}
	if o.ProgressEvery == 0 {
		o.ProgressEvery = 2 * time.Second
	}
}

// Validate reports every problem of the options.
func (o SeedOptions) Validate() error {
	var errs []error
	if o.Conversations < 1 {
		errs = append(errs, fmt.Errorf("conversations must be at least 1, not %d", o.Conversations))
	}
	if o.Accounts < 1 {
		errs = append(errs, fmt.Errorf("accounts must be at least 1, not %d", o.Accounts))
	}
	if o.Workers < 1 || o.Workers > 1024 {
		errs = append(errs, fmt.Errorf("workers must be 1..1024, not %d", o.Workers))
	}
	if o.Chunk < 0 || o.Chunk > 5000 {
		errs = append(errs, fmt.Errorf("chunk must be 1..5000, not %d", o.Chunk))
	}
	return errors.Join(errs...)
}

// Seed appends opts.Conversations generated conversations (and their
// contacts) to store, calling progress(done, total) every ProgressEvery and
// once at the end. Workers take conversations round-robin and append each
// stream in one Append with ExpectAny: event ids are deterministic, so
// running the same seed again (say after an interruption) appends nothing
// twice. A new contact is appended just before its first conversation.
//
// With a store that implements BulkAppender (the PostgreSQL adapter), each
// worker appends Chunk conversations' streams in one transaction instead:
// see bulk.go. Otherwise throughput is bound by one stream per transaction,
// about 700 conversations (11,000 events) a second on a busy 2-core machine.
func Seed(ctx context.Context, store eventstore.Store, opts SeedOptions, progress func(done, total int)) error {
	bulk, isBulk := store.(BulkAppender)
	if isBulk && opts.Workers == 0 {
		opts.Workers = 2 * runtime.GOMAXPROCS(0)
	}
	opts.setDefaults()
	if err := opts.Validate(); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	gen, err := NewGenerator(opts.Seed, opts.Accounts, opts.Prefix)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				step := 1
				if isBulk {
					step = opts.Chunk
				}
				from := int(next.Add(int64(step)) - int64(step))
				if from >= opts.Conversations {
					return
				}
				to := min(from+step, opts.Conversations)
				var err error
				if isBulk {
					err = appendChunk(ctx, bulk, gen, from, to)
				} else {
					err = appendOne(ctx, store, gen, from)
				}
				if err != nil {
					cancel(err)
					return
				}
				done.Add(int64(to - from))
			}
		})
	}
	stop := make(chan struct{})
	var reporter sync.WaitGroup
	if progress != nil {
		reporter.Go(func() {
			t := time.NewTicker(opts.ProgressEvery)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					progress(int(done.Load()), opts.Conversations)
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	reporter.Wait()
	if err := context.Cause(ctx); err != nil {
		return fmt.Errorf("seed: after %d conversations: %w", done.Load(), err)
	}
	if progress != nil {
		progress(int(done.Load()), opts.Conversations)
	}
	return nil
}

// appendOne appends conversation i's contact (if it creates one) and itself.
// A reused contact was created by conversation i-accounts, which an earlier
// worker took; the projector tolerates either order.
func appendOne(ctx context.Context, store eventstore.Store, gen *Generator, i int) error {
	h, err := gen.History(i)
	if err != nil {
		return err
	}
	if h.Contact != nil {
		if _, err := store.Append(ctx, h.Contact.Name, eventstore.Any(), h.Contact.Events); err != nil {
			return fmt.Errorf("append %s: %w", h.Contact.Name, err)
		}
	}
	if _, err := store.Append(ctx, h.Conversation.Name, eventstore.Any(), h.Conversation.Events); err != nil {
		return fmt.Errorf("append %s: %w", h.Conversation.Name, err)
	}
	return nil
}
