package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/parley-inbox/parley/internal/loadgen"
)

// benchSearchLag measures command accepted (202 received) → the note's
// unique word found by GET /api/v1/search, polled every 20 ms for at most
// timeout. Each client posts its next note once the previous one is found,
// for d.
func benchSearchLag(ctx context.Context, rb *readBench, clients int, d time.Duration, conversations int, timeout time.Duration) loadgen.Result {
	var s lagSamples
	hc := loadgen.NewClient(clients)
	post := commandPoster(rb.srv)
	run := strconv.FormatInt(time.Now().UnixNano(), 36) // the words of this run only
	var wg sync.WaitGroup
	start := time.Now()
	end := start.Add(d) // the note in flight at the end is still measured, for up to timeout
	for c := range clients {
		wg.Go(func() {
			for n := 0; ctx.Err() == nil && time.Now().Before(end); n++ {
				conv := rb.gen.ConversationID((c*7919 + n*104729) % conversations)
				word := fmt.Sprintf("lagword%sx%dx%d", run, c, n)
				body := fmt.Sprintf(`{"note_id":"tl-%s-%d-%d","text":"checked the order status %s"}`, run, c, n, word)
				err := post(ctx, hc, "/api/v1/conversations/"+conv+"/notes", body)
				accepted := time.Now()
				if err == nil {
					err = awaitSearchable(ctx, hc, rb.srv, word, timeout)
				}
				if ctx.Err() != nil {
					return
				}
				s.add(time.Since(accepted), err)
			}
		})
	}
	wg.Wait()
	return s.result("command accepted -> found by search", clients, time.Since(start))
}

// awaitSearchable polls the search route until word has a hit.
func awaitSearchable(ctx context.Context, hc *http.Client, srv *benchServer, word string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		var res struct {
			Data []json.RawMessage `json:"data"`
		}
		if err := getJSON(ctx, hc, srv, "/api/v1/search?q="+url.QueryEscape(word), &res); err != nil {
			return err
		}
		if len(res.Data) > 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("search: %q not found after %s", word, timeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// benchTimelinePages measures the first page (50 entries, newest first) of
// the timeline of conversations spread over ids, as srv's principal.
func benchTimelinePages(ctx context.Context, name string, srv *benchServer, ids []string, clients int, d time.Duration) loadgen.Result {
	return loadgen.Run(ctx, name, clients, d, 0, func(ctx context.Context, hc *http.Client, c, n int) error {
		conv := ids[(c*7919+n*104729)%len(ids)]
		var page struct {
			Data []json.RawMessage `json:"data"`
		}
		if err := getJSON(ctx, hc, srv, "/api/v1/conversations/"+conv+"/timeline?limit=50", &page); err != nil {
			return err
		}
		if len(page.Data) == 0 {
			return fmt.Errorf("timeline of %s: no entries", conv)
		}
		return nil
	})
}

// getJSON GETs path from the query API and decodes a 200 answer into v.
func getJSON(ctx context.Context, hc *http.Client, srv *benchServer, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.QueryURL+path, nil)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	srv.authorize(req)
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	return nil
}
