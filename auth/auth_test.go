package auth

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestPasswordHashing(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(Argon2{Memory: 64, Time: 1, Threads: 1}, 1)
	hash, err := h.Hash(ctx, "correct horse battery")
	if err != nil || !strings.HasPrefix(hash, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q, %v", hash, err)
	}
	for pw, want := range map[string]bool{"correct horse battery": true, "correct horse batterY": false, "": false} {
		if ok, err := h.Verify(ctx, hash, pw); ok != want || err != nil {
			t.Errorf("Verify(%q) = %v, %v", pw, ok, err)
		}
	}
	if ok, err := h.Verify(ctx, "", "anything"); ok || err != nil {
		t.Errorf("no hash: %v, %v", ok, err)
	}
	for _, bad := range []string{"$bcrypt$x", "$argon2id$v=19$m=999999999,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=64,t=1,p=1$!!$AAAA"} {
		if _, err := h.Verify(ctx, bad, "x"); err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	h.slots <- struct{}{} // the only slot is taken: a canceled caller gives up
	if _, err := h.Hash(canceled, "correct horse battery"); err == nil {
		t.Fatal("hashing ignored its context")
	}
	<-h.slots
}

func TestCheckPassword(t *testing.T) {
	for pw, ok := range map[string]bool{"short": false, "ten chars!": true, strings.Repeat("x", MaxPasswordLen+1): false, "\xff\xfe invalid utf8": false} {
		if got := CheckPassword(pw) == nil; got != ok {
			t.Errorf("CheckPassword(%.20q) ok = %v", pw, got)
		}
	}
}

func TestTokens(t *testing.T) {
	id, token := NewToken()
	gotID, secret, ok := ParseToken(token)
	if !ok || gotID != id || len(secret) < 40 {
		t.Fatalf("ParseToken(%q) = %q, %q, %v", token, gotID, secret, ok)
	}
	for _, bad := range []string{"", "prl_", "prl_tk00_x", "key-alice", "prl_" + id, "prl_" + id + "_short", "prl_" + strings.Repeat("a", 300)} {
		if _, _, ok := ParseToken(bad); ok {
			t.Errorf("ParseToken(%q) accepted", bad)
		}
	}
	if _, other := NewToken(); other == token {
		t.Fatal("tokens repeat")
	}
}

func TestLimiter(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewLimiter(2, time.Minute, 2)
	l.Fail("a", t0)
	if ok, _ := l.Allow("a", t0); !ok {
		t.Fatal("one failure blocks")
	}
	l.Fail("a", t0)
	if ok, wait := l.Allow("a", t0.Add(10*time.Second)); ok || wait != 50*time.Second {
		t.Fatalf("two failures: %v, wait %s", ok, wait)
	}
	if ok, _ := l.Allow("a", t0.Add(time.Minute)); !ok {
		t.Fatal("the window ended")
	}
	l.Fail("b", t0)
	l.Fail("c", t0.Add(time.Second)) // evicts the oldest window, a's
	if len(l.keys) > 2 {
		t.Fatalf("limiter holds %d keys", len(l.keys))
	}
	l.Reset("c")
	if ok, _ := l.Allow("c", t0); !ok {
		t.Fatal("reset")
	}
}
