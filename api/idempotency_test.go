package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/domain"
)

// counting registers POST /test/count, which counts its runs (a stand-in for
// appending events) and reports the run number as the revision and the
// command id as the stream.
func counting(h *harness, runs *atomic.Int64) {
	HandleJSON(h.cmds, http.MethodPost, "/test/count", "test.count", func(c *gin.Context, _ Principal, b echoBody, _ *uint64) (CommandResult, error) {
		n := runs.Add(1)
		switch b.Name {
		case "invalid":
			return CommandResult{}, domain.Invalid("name", "bad_name", "no such name")
		case "broken":
			return CommandResult{}, context.DeadlineExceeded
		}
		return CommandResult{Stream: CommandID(c), Revision: uint64(n), Position: 100 + uint64(n)}, nil
	})
}

func TestIdempotentReplay(t *testing.T) {
	h := newHarness(t)
	var runs atomic.Int64
	counting(h, &runs)
	key := map[string]string{"Idempotency-Key": "k-1"}
	first := h.do(http.MethodPost, "/api/v1/test/count", keyAlice, `{"name":"a"}`, key)
	again := h.do(http.MethodPost, "/api/v1/test/count", keyAlice, `{"name":"a"}`, key)
	if first.status != 202 || again.status != 202 || string(first.body) != string(again.body) {
		t.Fatalf("first %d %s, again %d %s", first.status, first.body, again.status, again.body)
	}
	if runs.Load() != 1 {
		t.Fatalf("the command ran %d times", runs.Load())
	}
	if again.header.Get("ETag") != first.header.Get("ETag") || again.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay headers %v", again.header)
	}

	t.Run("same key, different body: 422", func(t *testing.T) {
		res := h.do(http.MethodPost, "/api/v1/test/count", keyAlice, `{"name":"b"}`, key)
		if res.status != 422 || res.problem(t).Code != "idempotency_key_reused" || runs.Load() != 1 {
			t.Fatalf("%d %s, runs %d", res.status, res.body, runs.Load())
		}
	})
	t.Run("keys are scoped by account", func(t *testing.T) {
		res := h.do(http.MethodPost, "/api/v1/test/count", keyBob, `{"name":"a"}`, key)
		var a, b CommandResult
		_ = json.Unmarshal(first.body, &a)
		_ = json.Unmarshal(res.body, &b)
		if res.status != 202 || runs.Load() != 2 || a.Stream == b.Stream {
			t.Fatalf("%d %s, runs %d", res.status, res.body, runs.Load())
		}
	})
	t.Run("without a key every request runs", func(t *testing.T) {
		before := runs.Load()
		r1 := h.do(http.MethodPost, "/api/v1/test/count", keyAlice, `{"name":"a"}`, nil)
		r2 := h.do(http.MethodPost, "/api/v1/test/count", keyAlice, `{"name":"a"}`, nil)
		if r1.status != 202 || r2.status != 202 || runs.Load() != before+2 || string(r1.body) == string(r2.body) {
			t.Fatalf("%s %s", r1.body, r2.body)
		}
	})
	t.Run("client errors are replayed, server errors release the key", func(t *testing.T) {
		before := runs.Load()
		k := map[string]string{"Idempotency-Key": "k-invalid"}
		r1 := h.do(http.MethodPost, "/api/v1/test/count", keyAlice, `{"name":"invalid"}`, k)
		r2 := h.do(http.MethodPost, "/api/v1/test/count", keyAlice, `{"name":"invalid"}`, k)
		if r1.status != 422 || r2.status != 422 || string(r1.body) != string(r2.body) || runs.Load() != before+1 {
			t.Fatalf("%d %s / %d %s runs %d", r1.status, r1.body, r2.status, r2.body, runs.Load()-before)
		}
		k = map[string]string{"Idempotency-Key": "k-malformed"}
		r1 = h.do(http.MethodPost, "/api/v1/test/count", keyAlice, `{"nmae":"a"}`, k)
		r2 = h.do(http.MethodPost, "/api/v1/test/count", keyAlice, `{"name":"a"}`, k)
		if r1.status != 400 || r2.status != 202 {
			t.Fatalf("a malformed request must not hold the key: %d / %d %s", r1.status, r2.status, r2.body)
		}
		before = runs.Load()
		k = map[string]string{"Idempotency-Key": "k-broken"}
		r1 = h.do(http.MethodPost, "/api/v1/test/count", keyAlice, `{"name":"broken"}`, k)
		r2 = h.do(http.MethodPost, "/api/v1/test/count", keyAlice, `{"name":"broken"}`, k)
		if r1.status != 504 || r2.status != 504 || runs.Load() != before+2 {
			t.Fatalf("%d / %d runs %d", r1.status, r2.status, runs.Load()-before)
		}
	})
	t.Run("expired keys run again and are purged", func(t *testing.T) {
		before := runs.Load()
		if _, err := h.pool.Exec(context.Background(), `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'k-1' AND account_id = 'acme'`); err != nil {
			t.Fatal(err)
		}
		res := h.do(http.MethodPost, "/api/v1/test/count", keyAlice, `{"name":"b"}`, key)
		if res.status != 202 || runs.Load() != before+1 {
			t.Fatalf("%d %s", res.status, res.body)
		}
		if _, err := h.pool.Exec(context.Background(), `UPDATE idempotency_keys SET expires_at = now() - interval '1 second'`); err != nil {
			t.Fatal(err)
		}
		n, err := h.idem.Purge(context.Background())
		if err != nil || n < 3 {
			t.Fatalf("purged %d: %v", n, err)
		}
	})
}

func TestIdempotencyKeyBounds(t *testing.T) {
	h := newHarness(t)
	var runs atomic.Int64
	counting(h, &runs)
	for _, tc := range []struct {
		key    string
		status int
	}{
		{strings.Repeat("k", 255), 202},
		{strings.Repeat("k", 256), 400},
		{"", 400},
		{"has space", 400},
		{"ünicode", 400},
	} {
		res := h.do(http.MethodPost, "/api/v1/test/count", keyAlice, `{"name":"a"}`, map[string]string{"Idempotency-Key": tc.key})
		if res.status != tc.status {
			t.Errorf("key of %d bytes: status %d, want %d; %s", len(tc.key), res.status, tc.status, res.body)
		}
		if tc.status == 400 && res.problem(t).Code != "invalid_idempotency_key" {
			t.Errorf("code %s", res.body)
		}
	}
	big := `{"name":"` + strings.Repeat("x", DefaultMaxBodyBytes) + `"}`
	if res := h.do(http.MethodPost, "/api/v1/test/count", keyAlice, big, map[string]string{"Idempotency-Key": "big"}); res.status != 413 {
		t.Errorf("big body with a key: %d", res.status)
	}
}

func TestConcurrentSameKeyIsRefusedWhileInFlight(t *testing.T) {
	h := newHarness(t)
	entered, release := make(chan struct{}), make(chan struct{})
	var runs atomic.Int64
	h.cmds.Handle(http.MethodPost, "/test/block", "test.block", func(*gin.Context, Principal, *uint64) (CommandResult, error) {
		runs.Add(1)
		close(entered)
		<-release
		return CommandResult{Stream: "s", Revision: 1, Position: 2}, nil
	})
	key := map[string]string{"Idempotency-Key": "k-concurrent"}
	done := make(chan response)
	go func() { done <- h.do(http.MethodPost, "/api/v1/test/block", keyAlice, `{}`, key) }()
	<-entered
	second := h.do(http.MethodPost, "/api/v1/test/block", keyAlice, `{}`, key)
	if second.status != 409 || second.problem(t).Code != "idempotency_key_in_flight" {
		t.Fatalf("second: %d %s", second.status, second.body)
	}
	reused := h.do(http.MethodPost, "/api/v1/test/block", keyAlice, `{"other":1}`, key)
	if reused.status != 422 {
		t.Fatalf("different body while in flight: %d %s", reused.status, reused.body)
	}
	close(release)
	first := <-done
	third := h.do(http.MethodPost, "/api/v1/test/block", keyAlice, `{}`, key)
	if first.status != 202 || third.status != 202 || string(first.body) != string(third.body) || runs.Load() != 1 {
		t.Fatalf("first %d %s third %d %s runs %d", first.status, first.body, third.status, third.body, runs.Load())
	}
}

func TestStaleClaimIsTakenOverOnlyBySameRequest(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	hash := requestHash("POST", "/x", "", []byte(`{}`))
	c1, err := h.idem.Claim(ctx, "acme", "k", hash)
	if err != nil || c1.conflict != nil || c1.replay != nil {
		t.Fatalf("claim: %+v %v", c1, err)
	}
	if c, _ := h.idem.Claim(ctx, "acme", "k", hash); c.conflict == nil || c.conflict.Status != 409 {
		t.Fatalf("live claim not refused: %+v", c)
	}
	if _, err := h.pool.Exec(ctx, `UPDATE idempotency_keys SET locked_until = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	if c, _ := h.idem.Claim(ctx, "acme", "k", requestHash("POST", "/x", "", []byte(`{"a":1}`))); c.conflict == nil || c.conflict.Status != 422 {
		t.Fatalf("other request took a stale claim: %+v", c)
	}
	c2, err := h.idem.Claim(ctx, "acme", "k", hash)
	if err != nil || c2.conflict != nil || c2.owner == c1.owner {
		t.Fatalf("stale claim not taken over: %+v %v", c2, err)
	}
	// The first owner's late completion must not overwrite the new owner's.
	if err := h.idem.Complete(ctx, "acme", "k", c1.owner, storedResponse{Status: 202, Body: []byte("old")}); err != nil {
		t.Fatal(err)
	}
	if c, _ := h.idem.Claim(ctx, "acme", "k", hash); c.conflict == nil {
		t.Fatalf("late completion by the old owner took effect: %+v", c)
	}
}

func TestCommandIDIsDerivedFromTheKey(t *testing.T) {
	h := newHarness(t)
	var runs atomic.Int64
	counting(h, &runs)
	ids := map[string]bool{}
	for _, k := range []string{"a", "b"} {
		res := h.do(http.MethodPost, "/api/v1/test/count", keyAlice, `{}`, map[string]string{"Idempotency-Key": k})
		var r CommandResult
		_ = json.Unmarshal(res.body, &r)
		ids[r.Stream] = true
	}
	if len(ids) != 2 {
		t.Fatalf("command ids %v", ids)
	}
}
