// Package loadgen drives HTTP load for `parley bench`: a fixed number of
// concurrent clients issue requests for a duration, and the latencies are
// summarised as percentiles. It measures; it asserts nothing.
package loadgen

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Request issues one request for client c (0-based) as its n-th call and
// reports an error for anything but the expected answer.
type Request func(ctx context.Context, client *http.Client, c, n int) error

// Result summarises a run.
type Result struct {
	Name        string          `json:"name"`
	Clients     int             `json:"clients"`
	Requests    int             `json:"requests"`
	Errors      int             `json:"errors"`
	FirstError  string          `json:"first_error,omitempty"`
	Elapsed     time.Duration   `json:"elapsed_ns"`
	PerSecond   float64         `json:"per_second"`
	Percentiles Percentiles     `json:"latency"`
	latencies   []time.Duration // sorted
}

// Percentiles of a run's latencies.
type Percentiles struct {
	P50 time.Duration `json:"p50_ns"`
	P90 time.Duration `json:"p90_ns"`
	P99 time.Duration `json:"p99_ns"`
	Max time.Duration `json:"max_ns"`
}

// Run has clients concurrent clients call req until d has passed (or
// maxPerClient calls each, if > 0).
func Run(ctx context.Context, name string, clients int, d time.Duration, maxPerClient int, req Request) Result {
	httpClient := NewClient(clients)
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		mu       sync.Mutex
		all      []time.Duration
		errCount atomic.Int64
		firstErr atomic.Value
		wg       sync.WaitGroup
	)
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			local := make([]time.Duration, 0, 1024)
			for n := 0; (maxPerClient <= 0 || n < maxPerClient) && ctx.Err() == nil; n++ {
				t := time.Now()
				err := req(ctx, httpClient, c, n)
				if ctx.Err() != nil {
					break // a call cut short by the deadline is not a measurement
				}
				local = append(local, time.Since(t))
				if err != nil {
					errCount.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
			}
			mu.Lock()
			all = append(all, local...)
			mu.Unlock()
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(all)
	r := Result{Name: name, Clients: clients, Requests: len(all), Errors: int(errCount.Load()), Elapsed: elapsed, latencies: all}
	if v, ok := firstErr.Load().(string); ok {
		r.FirstError = v
	}
	if elapsed > 0 {
		r.PerSecond = float64(len(all)) / elapsed.Seconds()
	}
	r.Percentiles = Summarise(all)
	return r
}

// Summarise returns the percentiles of sorted latencies.
func Summarise(sorted []time.Duration) Percentiles {
	if len(sorted) == 0 {
		return Percentiles{}
	}
	at := func(q float64) time.Duration { return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))] }
	return Percentiles{P50: at(0.50), P90: at(0.90), P99: at(0.99), Max: sorted[len(sorted)-1]}
}

// NewClient is an HTTP client keeping one idle connection per client.
func NewClient(clients int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = clients * 2
	tr.MaxIdleConnsPerHost = clients * 2
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// String formats a result as one line for people.
func (r Result) String() string {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
	return fmt.Sprintf("%-34s clients=%-3d requests=%-7d errors=%-4d rate=%8.0f/s  p50=%s  p90=%s  p99=%s  max=%s",
		r.Name, r.Clients, r.Requests, r.Errors, r.PerSecond, ms(r.Percentiles.P50), ms(r.Percentiles.P90), ms(r.Percentiles.P99), ms(r.Percentiles.Max))
}
