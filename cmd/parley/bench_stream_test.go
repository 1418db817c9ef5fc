package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestBenchStreamWatchesFollowTheLiveStream serves a live stream over HTTP
// and checks both bench watches see what it tells, and time out on what
// it never tells.
func TestBenchStreamWatchesFollowTheLiveStream(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/stream" || r.Header.Get("Authorization") != "Bearer k" {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		w.(http.Flusher).Flush()
		<-release
		for _, line := range []string{
			`: keep-alive`,
			`data: {"position":7,"event_type":"conversation.opened","conversation_id":"c1","summary":{"occurred_at":"2026-01-01T10:00:00Z"}}`,
			`data: {"position":8,"event_type":"conversation.assigned","conversation_id":"c1","summary":{"occurred_at":"2026-01-01T10:00:01Z"}}`,
			`data: {"position":9,"event_type":"conversation.assigned","conversation_id":"c1","summary":{"occurred_at":"2026-01-01T10:00:05Z"}}`,
		} {
			fmt.Fprintf(w, "%s\n\n", line)
		}
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	bs := &benchServer{QueryURL: srv.URL, Key: "k"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	assign, positions := newAssignWatch(), newSSEWatch()
	follows := make(chan error, 2)
	for _, follow := range []func(context.Context, *benchServer, chan<- struct{}) error{assign.follow, positions.follow} {
		ready := make(chan struct{})
		go func() { follows <- follow(ctx, bs, ready) }()
		select {
		case <-ready:
		case err := <-follows:
			t.Fatalf("follow: %v", err)
		}
	}
	close(release)

	a, err := assign.await(ctx, "c1", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if !a.openedAt.Equal(time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)) || !a.assignedAt.Equal(time.Date(2026, 1, 1, 10, 0, 1, 0, time.UTC)) || a.arrived.IsZero() {
		t.Fatalf("assignment %+v: want the opening and the first assignment", a)
	}
	if at, err := positions.await(ctx, 8, 5*time.Second); err != nil || at.IsZero() {
		t.Fatalf("position 8: %v %v", at, err)
	}
	if _, err := positions.await(ctx, 99, 50*time.Millisecond); err == nil {
		t.Fatal("position 99 never came: want a timeout error")
	}
	cancel()
	for range 2 {
		if err := <-follows; err != nil {
			t.Fatalf("follow after cancel: %v", err)
		}
	}
	if err := newSSEWatch().follow(context.Background(), &benchServer{QueryURL: srv.URL, Key: "wrong"}, make(chan struct{})); err == nil {
		t.Fatal("stream with a wrong key: want an error")
	}
}
