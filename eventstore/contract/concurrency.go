package contract

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/parley-inbox/parley/eventstore"
)

// testIdempotentUnderLoad appends one command's events 1,000 times in a row
// and 1,000 times from 10 goroutines: exactly one copy may land, and every
// call must report where it landed.
func testIdempotentUnderLoad(t *testing.T, s eventstore.Store) {
	ctx, f := testContext(t), newFixture()
	for _, mode := range []string{"sequential", "concurrent"} {
		stream := f.stream(mode)
		events := f.events("e", 2)
		results := make(chan eventstore.AppendResult, 1000)
		errs := make(chan error, 1000)
		appendOnce := func() {
			res, err := s.Append(ctx, stream, eventstore.NoStream(), events)
			if err != nil {
				errs <- err
				return
			}
			results <- res
		}
		if mode == "sequential" {
			for range 1000 {
				appendOnce()
			}
		} else {
			var wg sync.WaitGroup
			for range 10 {
				wg.Go(func() {
					for range 100 {
						appendOnce()
					}
				})
			}
			wg.Wait()
		}
		close(results)
		close(errs)
		for err := range errs {
			t.Fatalf("%s: append: %v", mode, err)
		}
		first := <-results
		for res := range results {
			if res != first {
				t.Fatalf("%s: results differ: %+v and %+v", mode, first, res)
			}
		}
		read := mustRead(t, ctx, s, stream, eventstore.ReadStreamOptions{})
		if len(read) != 2 || read[0].ID != events[0].ID || read[1].ID != events[1].ID || first.Revision != 1 {
			t.Fatalf("%s: stream holds %d events (result %+v), want exactly the command's 2", mode, len(read), first)
		}
	}
}

// testRacingWriters has many goroutines append to one stream with an exact
// expected revision, re-reading the stream's end after each conflict. Every
// revision must be written exactly once. 50 × 200 appends; 50 × 40 under
// -short or the race detector (on 2 cores: about 20 s plain; 40 s raced at
// full size, 5 s reduced).
func testRacingWriters(t *testing.T, s eventstore.Store) {
	ctx, f := testContext(t), newFixture()
	stream := f.stream("race")
	writers, each := 50, 200
	if testing.Short() || raceEnabled {
		each = 40
	}
	mustAppend(t, ctx, s, stream, eventstore.NoStream(), []eventstore.EventData{f.event("seed", 0)})
	var conflicts atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				if err := appendWithRetry(t, s, stream, f.event(fmt.Sprintf("w%d", w), i), &conflicts); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	events := mustRead(t, ctx, s, stream, eventstore.ReadStreamOptions{})
	if want := 1 + writers*each; len(events) != want {
		t.Fatalf("stream has %d events, want %d", len(events), want)
	}
	perWriter := map[string]int{}
	for i, e := range events {
		if e.Revision != uint64(i) {
			t.Fatalf("event %d has revision %d", i, e.Revision)
		}
		perWriter[e.Type]++
	}
	for w := range writers {
		if n := perWriter[fmt.Sprintf("w%d", w)]; n != each {
			t.Errorf("writer %d landed %d events, want %d", w, n, each)
		}
	}
	t.Logf("%d appends, %d conflicts retried", writers*each, conflicts.Load())
}

// appendWithRetry appends e at the stream's current end, re-reading the end
// after each conflict, as a command handler does.
func appendWithRetry(t *testing.T, s eventstore.Store, stream string, e eventstore.EventData, conflicts *atomic.Int64) error {
	ctx := t.Context()
	for {
		last, err := s.ReadStream(ctx, stream, eventstore.ReadStreamOptions{Direction: eventstore.Backwards, FromEnd: true, Limit: 1})
		if err != nil {
			return fmt.Errorf("read end of %s: %w", stream, err)
		}
		_, err = s.Append(ctx, stream, eventstore.Exact(last[0].Revision), []eventstore.EventData{e})
		if errors.Is(err, eventstore.ErrConflict) {
			conflicts.Add(1)
			continue
		}
		if err != nil {
			return fmt.Errorf("append to %s at %d: %w", stream, last[0].Revision, err)
		}
		return nil
	}
}
