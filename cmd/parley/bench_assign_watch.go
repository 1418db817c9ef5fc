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
)

// assignment is what the live stream told about one conversation: when
// its opening and its assignment were decided (the events' occurred_at),
// and when the assignment reached the stream.
type assignment struct {
	openedAt, assignedAt, arrived time.Time
}

// assignWatch follows the live stream and records each conversation's
// opening and first assignment.
type assignWatch struct {
	mu      sync.Mutex
	seen    map[string]*assignment
	waiters map[string]chan struct{}
}

func newAssignWatch() *assignWatch {
	return &assignWatch{seen: map[string]*assignment{}, waiters: map[string]chan struct{}{}}
}

// follow reads the stream until ctx ends; ready is closed once it is open.
func (w *assignWatch) follow(ctx context.Context, srv *benchServer, ready chan<- struct{}) error {
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
		if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			w.note([]byte(data), time.Now())
		}
	}
	if ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("stream ended: %w", errors.Join(sc.Err(), errors.New("EOF")))
}

func (w *assignWatch) note(data []byte, now time.Time) {
	var ev struct {
		EventType      string `json:"event_type"`
		ConversationID string `json:"conversation_id"`
		Summary        struct {
			OccurredAt time.Time `json:"occurred_at"`
		} `json:"summary"`
	}
	if json.Unmarshal(data, &ev) != nil || ev.ConversationID == "" {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	a := w.seen[ev.ConversationID]
	if a == nil {
		a = &assignment{}
		w.seen[ev.ConversationID] = a
	}
	switch ev.EventType {
	case "conversation.opened":
		a.openedAt = ev.Summary.OccurredAt
	case "conversation.assigned":
		if !a.arrived.IsZero() {
			return
		}
		a.assignedAt, a.arrived = ev.Summary.OccurredAt, now
		if ch, ok := w.waiters[ev.ConversationID]; ok {
			close(ch)
			delete(w.waiters, ev.ConversationID)
		}
	}
}

// await returns conversation id's assignment once it is on the stream.
func (w *assignWatch) await(ctx context.Context, id string, timeout time.Duration) (assignment, error) {
	w.mu.Lock()
	if a, ok := w.seen[id]; ok && !a.arrived.IsZero() {
		w.mu.Unlock()
		return *a, nil
	}
	ch := make(chan struct{})
	w.waiters[id] = ch
	w.mu.Unlock()
	select {
	case <-ch:
	case <-ctx.Done():
		return assignment{}, ctx.Err()
	case <-time.After(timeout):
		return assignment{}, fmt.Errorf("conversation %s not assigned after %s", id, timeout)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	a := *w.seen[id]
	delete(w.seen, id)
	return a, nil
}
