package main

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/parley-inbox/parley/internal/loadgen"
)

// sseWatch records when each position arrived on an open live stream.
type sseWatch struct {
	records *streamRecords[uint64, time.Time]
}

func newSSEWatch() *sseWatch {
	arrived := func(at time.Time) bool { return !at.IsZero() }
	return &sseWatch{records: newStreamRecords[uint64](arrived, "position %d not on the stream")}
}

// follow reads the stream's events until ctx ends; ready is closed once the
// stream is open.
func (w *sseWatch) follow(ctx context.Context, srv *benchServer, ready chan<- struct{}) error {
	return followStream(ctx, srv, ready, func(data []byte, now time.Time) {
		var ev struct {
			Position uint64 `json:"position"`
		}
		if json.Unmarshal(data, &ev) != nil || ev.Position == 0 {
			return
		}
		w.records.update(ev.Position, func(time.Time) time.Time { return now })
	})
}

// await returns when position arrived, or an error after timeout.
func (w *sseWatch) await(ctx context.Context, position uint64, timeout time.Duration) (time.Time, error) {
	return w.records.await(ctx, position, timeout)
}

// benchLiveLag measures command → the change on another agent's open live
// stream (GET /api/v1/stream), matched by position: from the command's
// request start, and from its 202.
func benchLiveLag(ctx context.Context, rb *readBench, clients int, d time.Duration, conversations int) ([]loadgen.Result, error) {
	w := newSSEWatch()
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	ready := make(chan struct{})
	followErr := make(chan error, 1)
	go func() { followErr <- w.follow(sctx, rb.srv, ready) }()
	select {
	case <-ready:
	case err := <-followErr:
		return nil, err
	}
	var issued, accepted lagSamples
	httpClient := loadgen.NewClient(clients)
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Go(func() {
			for n := 0; ctx.Err() == nil; n++ {
				conv := rb.gen.ConversationID((c*104729 + n*7919 + 17) % conversations)
				t0 := time.Now()
				pos, err := postNote(ctx, httpClient, rb.srv, conv, 50_000_000+c*1_000_000+n)
				t1 := time.Now()
				var at time.Time
				if err == nil {
					at, err = w.await(ctx, pos, 10*time.Second)
				}
				if ctx.Err() != nil {
					return
				}
				issued.add(at.Sub(t0), err)
				accepted.add(max(0, at.Sub(t1)), err)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	return []loadgen.Result{
		issued.result("command issued -> change on a second client's live stream", clients, elapsed),
		accepted.result("command accepted (202) -> change on the live stream", clients, elapsed),
	}, nil
}
