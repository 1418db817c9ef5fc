package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// followStream reads srv's live stream (GET /api/v1/stream) until ctx
// ends, handing each event's data and its arrival time to onData; ready is
// closed once the stream is open.
func followStream(ctx context.Context, srv *benchServer, ready chan<- struct{}, onData func(data []byte, at time.Time)) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.QueryURL+"/api/v1/stream", nil)
	if err != nil {
		return err
	}
	srv.authorize(req)
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
		if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			onData([]byte(data), time.Now())
		}
	}
	if ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("stream ended: %w", errors.Join(sc.Err(), errors.New("EOF")))
}

// streamRecords keeps what the live stream told about each key and wakes
// whoever awaits a key once its record has arrived.
type streamRecords[K comparable, V any] struct {
	arrived func(V) bool // whether a record is complete
	late    string       // format of the timeout error, given the key

	mu      sync.Mutex
	seen    map[K]V
	waiters map[K]chan struct{}
}

func newStreamRecords[K comparable, V any](arrived func(V) bool, late string) *streamRecords[K, V] {
	return &streamRecords[K, V]{arrived: arrived, late: late, seen: map[K]V{}, waiters: map[K]chan struct{}{}}
}

// update replaces key's record with what change makes of it (the zero
// value if there is none yet) and wakes its waiter if it has arrived.
func (r *streamRecords[K, V]) update(key K, change func(V) V) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v := change(r.seen[key])
	r.seen[key] = v
	if !r.arrived(v) {
		return
	}
	if ch, ok := r.waiters[key]; ok {
		close(ch)
		delete(r.waiters, key)
	}
}

// await returns key's record once it has arrived, or an error after
// timeout.
func (r *streamRecords[K, V]) await(ctx context.Context, key K, timeout time.Duration) (V, error) {
	r.mu.Lock()
	if v, ok := r.seen[key]; ok && r.arrived(v) {
		r.mu.Unlock()
		return v, nil
	}
	ch := make(chan struct{})
	r.waiters[key] = ch
	r.mu.Unlock()
	var zero V
	select {
	case <-ch:
	case <-ctx.Done():
		return zero, ctx.Err()
	case <-time.After(timeout):
		return zero, fmt.Errorf(r.late+" after %s", key, timeout)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seen[key], nil
}

// forget drops key's record.
func (r *streamRecords[K, V]) forget(key K) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.seen, key)
}
