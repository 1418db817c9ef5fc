package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/parley-inbox/parley/internal/loadgen"
)

// sseWatch records when each position arrived on an open live stream.
type sseWatch struct {
	mu      sync.Mutex
	seen    map[uint64]time.Time
	waiters map[uint64]chan struct{}
}

// follow reads the stream's events until ctx ends; ready is closed once the
// stream is open.
func (w *sseWatch) follow(ctx context.Context, srv *benchServer, ready chan<- struct{}) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.QueryURL+"/api/v1/stream", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+srv.Key)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("stream: %s", resp.Status)
	}
	close(ready)
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		data, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		var ev struct {
			Position uint64 `json:"position"`
		}
		if json.Unmarshal([]byte(data), &ev) != nil || ev.Position == 0 {
			continue
		}
		now := time.Now()
		w.mu.Lock()
		w.seen[ev.Position] = now
		if ch, ok := w.waiters[ev.Position]; ok {
			close(ch)
			delete(w.waiters, ev.Position)
		}
		w.mu.Unlock()
	}
	if ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("stream ended: %w", errors.Join(sc.Err(), errors.New("EOF")))
}

// await returns when position arrived, or an error after timeout.
func (w *sseWatch) await(ctx context.Context, position uint64, timeout time.Duration) (time.Time, error) {
	w.mu.Lock()
	if t, ok := w.seen[position]; ok {
		w.mu.Unlock()
		return t, nil
	}
	ch := make(chan struct{})
	w.waiters[position] = ch
	w.mu.Unlock()
	select {
	case <-ch:
	case <-ctx.Done():
		return time.Time{}, ctx.Err()
	case <-time.After(timeout):
		return time.Time{}, fmt.Errorf("position %d not on the stream after %s", position, timeout)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.seen[position], nil
}

// benchLiveLag measures command → the change on another agent's open live
// stream (GET /api/v1/stream), matched by position: from the command's
// request start, and from its 202.
func benchLiveLag(ctx context.Context, rb *readBench, clients int, d time.Duration, conversations int) ([]loadgen.Result, error) {
	w := &sseWatch{seen: map[uint64]time.Time{}, waiters: map[uint64]chan struct{}{}}
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
