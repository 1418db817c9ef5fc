package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/parley-inbox/parley/internal/loadgen"
	"github.com/parley-inbox/parley/projections"
)

// lagSamples collects latencies from many goroutines.
type lagSamples struct {
	mu     sync.Mutex
	d      []time.Duration
	errors int
	first  string
}

func (s *lagSamples) add(d time.Duration, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.errors++
		if s.first == "" {
			s.first = err.Error()
		}
		return
	}
	s.d = append(s.d, d)
}

func (s *lagSamples) result(name string, clients int, elapsed time.Duration) loadgen.Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	slices.Sort(s.d)
	return loadgen.Result{Name: name, Clients: clients, Requests: len(s.d) + s.errors, Errors: s.errors, FirstError: s.first,
		Elapsed: elapsed, PerSecond: float64(len(s.d)) / elapsed.Seconds(), Percentiles: loadgen.Summarise(s.d)}
}

// postNote adds a note to conversation i of the seeded account and returns
// the position of its event.
func postNote(ctx context.Context, c *http.Client, srv *benchServer, conv string, n int) (uint64, error) {
	body := fmt.Sprintf(`{"note_id":"bn-%d-%d","text":"checked the order status"}`, n, time.Now().UnixNano())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.CommandURL+"/api/v1/conversations/"+conv+"/notes", strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	srv.authorize(req)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusAccepted {
		return 0, fmt.Errorf("add note: %d %s", resp.StatusCode, b)
	}
	var res struct {
		Position uint64 `json:"position"`
	}
	if err := json.Unmarshal(b, &res); err != nil {
		return 0, fmt.Errorf("add note: %w", err)
	}
	return res.Position, nil
}

// benchViewLag measures command accepted (202 received) → the inbox
// projector has committed the command's position, which is when the view
// row is visible to every query. Progress learns it from the projector's
// commit NOTIFY, as read-your-writes does. Each client issues its next
// command once the previous one is visible.
func benchViewLag(ctx context.Context, rb *readBench, clients int, d time.Duration, conversations int) loadgen.Result {
	progress := projections.NewProgress(rb.db.Pool, projections.ProgressConfig{MaxWait: 10 * time.Second, Logger: slog.New(slog.DiscardHandler)})
	pctx, stop := context.WithCancel(ctx)
	defer stop()
	go func() { _ = progress.Run(pctx) }()
	var s lagSamples
	httpClient := loadgen.NewClient(clients)
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Go(func() {
			for n := 0; ctx.Err() == nil; n++ {
				conv := rb.gen.ConversationID((c*7919 + n*104729) % conversations)
				pos, err := postNote(ctx, httpClient, rb.srv, conv, c*1_000_000+n)
				accepted := time.Now()
				if err == nil {
					err = progress.WaitFor(ctx, "inbox", pos)
				}
				if ctx.Err() != nil {
					return
				}
				s.add(time.Since(accepted), err)
			}
		})
	}
	wg.Wait()
	return s.result("command accepted -> visible in inbox view", clients, time.Since(start))
}
