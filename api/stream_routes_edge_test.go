package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/projections/live"
)

// marker decodes the data of ready, resync and disconnect events.
func marker(t *testing.T, ev sseEvent) (m struct {
	LastEventID uint64 `json:"last_event_id"`
	Resumed     bool   `json:"resumed"`
	Reason      string `json:"reason"`
}) {
	t.Helper()
	if err := json.Unmarshal([]byte(ev.Data), &m); err != nil {
		t.Fatalf("marker %q: %v", ev.Data, err)
	}
	return m
}

func TestStreamResyncsWhenItCannotReplay(t *testing.T) {
	e := newStreamEnv(t, false)
	s := e.serve(t, serverOptions{stream: func(c *api.StreamConfig) { c.MaxReplay = 2 }})
	watcher := connect(t, s, streamKeyAcme, nil, "")
	watcher.expect(t, "ready")
	var ids []uint64
	for _, conv := range []string{"c1", "c2", "c3", "c4"} {
		e.message(t, "acme", conv)
		ids = append(ids, decodeChange(t, watcher.expect(t, live.KindTimelineEntry)).Seq)
	}
	if _, err := live.Cleanup(t.Context(), e.db, live.Retention{MaxRows: 3}); err != nil { // drops ids[0]
		t.Fatal(err)
	}
	t.Run("within bounds", func(t *testing.T) {
		c := connect(t, s, streamKeyAcme, nil, "?last_event_id="+strconv.FormatUint(ids[1], 10))
		if a, b := c.expect(t, live.KindTimelineEntry), c.expect(t, live.KindTimelineEntry); a.ID != strconv.FormatUint(ids[2], 10) || b.ID != strconv.FormatUint(ids[3], 10) {
			t.Fatalf("replayed %s, %s", a.ID, b.ID)
		}
		c.expect(t, "ready")
	})
	latest := ids[3]
	for _, tc := range []struct {
		name   string
		seen   uint64
		reason string
	}{
		{"expired", ids[0] - 1, "expired"},
		{"too many missed", ids[0], "too_many_missed"},
		{"unknown id", ids[3] + 100, "unknown_event_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := connect(t, s, streamKeyAcme, http.Header{"Last-Event-Id": {strconv.FormatUint(tc.seen, 10)}}, "")
			ev := c.expect(t, "resync")
			if m := marker(t, ev); m.Reason != tc.reason || ev.ID != strconv.FormatUint(latest, 10) || m.LastEventID != latest {
				t.Fatalf("resync = %+v (%+v), want reason %q and id %d", ev, m, tc.reason, latest)
			}
			if m := marker(t, c.expect(t, "ready")); m.Resumed {
				t.Fatal("ready after resync says resumed")
			}
			e.message(t, "acme", "after-"+tc.name)
			ch := decodeChange(t, c.expect(t, live.KindTimelineEntry))
			if ch.Seq <= latest {
				t.Fatalf("live change after resync = %+v", ch)
			}
			latest = ch.Seq
			watcher.expect(t, live.KindTimelineEntry)
		})
	}
}

// TestStreamOutlivesTheRequestTimeoutAndEndsOnDisconnect: heartbeats flow
// past the engine's per-request deadline, changes still arrive, and closing
// the client frees the stream and its subscription.
func TestStreamOutlivesTheRequestTimeoutAndEndsOnDisconnect(t *testing.T) {
	e := newStreamEnv(t, false)
	const timeout = 150 * time.Millisecond
	s := e.serve(t, serverOptions{engine: api.Options{RequestTimeout: timeout},
		stream: func(c *api.StreamConfig) { c.Heartbeat = 10 * time.Millisecond }})
	c := connect(t, s, streamKeyAcme, nil, "")
	start := time.Now()
	c.expect(t, "ready")
	beats := 0
	for time.Since(start) < 2*timeout {
		if ev, ok := c.next(t); !ok {
			t.Fatal("stream ended")
		} else if ev.Comment == "heartbeat" {
			beats++
		}
	}
	if beats == 0 {
		t.Fatal("no heartbeat")
	}
	e.message(t, "acme", "c1")
	c.expect(t, live.KindTimelineEntry)
	c.close()
	eventually(t, "the stream to end", func() bool { return s.streams.Active() == 0 && s.hub.Subscribers() == 0 })
}

// TestStreamOutlivesTheServersTimeouts: http.Server's ReadTimeout and
// WriteTimeout (set for ordinary requests) do not end a stream.
func TestStreamOutlivesTheServersTimeouts(t *testing.T) {
	e := newStreamEnv(t, false)
	const timeout = 100 * time.Millisecond
	s := e.serve(t, serverOptions{readTimeout: timeout, writeTimeout: timeout,
		stream: func(c *api.StreamConfig) { c.Heartbeat = 10 * time.Millisecond }})
	c := connect(t, s, streamKeyAcme, nil, "")
	start := time.Now()
	c.expect(t, "ready")
	for time.Since(start) < 3*timeout {
		if _, ok := c.next(t); !ok {
			t.Fatalf("stream ended after %s", time.Since(start))
		}
	}
	e.message(t, "acme", "c1")
	c.expect(t, live.KindTimelineEntry)
}

func TestStreamEndsOnClientDisconnectBeforeTheDeadline(t *testing.T) {
	e := newStreamEnv(t, false)
	s := e.serve(t, serverOptions{}) // heartbeat 15 s: only the request context can notice
	c := connect(t, s, streamKeyAcme, nil, "")
	c.expect(t, "ready")
	c.close()
	eventually(t, "the stream to end", func() bool { return s.streams.Active() == 0 && s.hub.Subscribers() == 0 })
}

func TestStreamEndsOnShutdown(t *testing.T) {
	e := newStreamEnv(t, false)
	s := e.serve(t, serverOptions{})
	c := connect(t, s, streamKeyAcme, nil, "")
	c.expect(t, "ready")
	s.stopHub()
	if m := marker(t, c.expect(t, "disconnect")); m.Reason != "shutdown" {
		t.Fatalf("disconnect reason %q", m.Reason)
	}
	if ev, ok := c.next(t); ok {
		t.Fatalf("stream continued with %+v", ev)
	}
	eventually(t, "the stream to end", func() bool { return s.streams.Active() == 0 })
}

// TestStreamSeesChangesProjectedByAnotherProcess: two servers with their own
// pools and hubs both deliver a change the projector committed elsewhere.
func TestStreamSeesChangesProjectedByAnotherProcess(t *testing.T) {
	e := newStreamEnv(t, false)
	one, two := e.serve(t, serverOptions{}), e.serve(t, serverOptions{})
	a, b := connect(t, one, streamKeyAcme, nil, ""), connect(t, two, streamKeyAcme, nil, "")
	a.expect(t, "ready")
	b.expect(t, "ready")
	pos := e.message(t, "acme", "c1")
	for _, c := range []*sseClient{a, b} {
		if ch := decodeChange(t, c.expect(t, live.KindTimelineEntry)); ch.Position != pos {
			t.Fatalf("got %+v, want position %d", ch, pos)
		}
	}
}

func TestStreamDropsASlowClientWithAReason(t *testing.T) {
	e := newStreamEnv(t, false)
	release := make(chan struct{})
	s := e.serve(t, serverOptions{hub: live.HubConfig{ClientBuffer: 1}, stream: func(c *api.StreamConfig) {
		c.RowWait = time.Minute
		c.ConversationRow = func(ctx context.Context, _ api.Principal, _ string) (any, error) {
			select { // the client is "slow" until released
			case <-release:
			case <-ctx.Done():
			}
			return nil, ctx.Err()
		}
	}})
	c := connect(t, s, streamKeyAcme, nil, "")
	c.expect(t, "ready")
	for _, conv := range []string{"c1", "c2", "c3"} { // one in hand, one buffered, one too many
		e.message(t, "acme", conv)
	}
	eventually(t, "the hub to drop the client", func() bool { return s.hub.Subscribers() == 0 })
	close(release)
	for {
		ev := c.event(t)
		if ev.Event == "disconnect" {
			if m := marker(t, ev); m.Reason != "slow_client" {
				t.Fatalf("disconnect reason %q", m.Reason)
			}
			break
		}
	}
	eventually(t, "the stream to end", func() bool { return s.streams.Active() == 0 })
}

func TestStreamRefusals(t *testing.T) {
	e := newStreamEnv(t, false)
	s := e.serve(t, serverOptions{stream: func(c *api.StreamConfig) { c.MaxStreams = 1 }})
	open := connect(t, s, streamKeyAcme, nil, "")
	open.expect(t, "ready")
	for _, tc := range []struct {
		name   string
		key    string
		header http.Header
		status int
	}{
		{"no credential", "", nil, http.StatusUnauthorized},
		{"bad last event id", streamKeyAcme, http.Header{"Last-Event-Id": {"x1"}}, http.StatusBadRequest},
		{"too many streams", streamKeyGlobex, nil, http.StatusServiceUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, cancel := get(t, s, tc.key, tc.header, "")
			defer cancel()
			body, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != api.ProblemContentType {
				t.Fatalf("%d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			if tc.status == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") == "" {
				t.Fatal("503 without Retry-After")
			}
		})
	}
}

// TestStreamAddsTheListRow: with a row reader and a progress waiter, a
// conversation change carries the row read after the view caught up.
func TestStreamAddsTheListRow(t *testing.T) {
	e := newStreamEnv(t, false)
	s := e.serve(t, serverOptions{stream: func(c *api.StreamConfig) {
		c.Progress, c.InboxProjector = e.progress, live.ProjectorName // stands in for the inbox view
		c.ConversationRow = func(_ context.Context, p api.Principal, id string) (any, error) {
			return map[string]string{"id": id, "account_id": p.AccountID}, nil
		}
	}})
	c := connect(t, s, streamKeyAcme, nil, "")
	c.expect(t, "ready")
	e.message(t, "acme", "c1")
	ch := decodeChange(t, c.expect(t, live.KindTimelineEntry))
	if string(ch.Row) != `{"account_id":"acme","id":"c1"}` {
		t.Fatalf("row = %s", ch.Row)
	}
}

func TestStreamIsDocumented(t *testing.T) {
	routes, err := api.DocumentedRoutes(api.OpenAPIDocument())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range routes {
		if r == "GET /api/v1/stream" {
			return
		}
	}
	t.Fatal("GET /api/v1/stream is not in api/openapi.yaml")
}
