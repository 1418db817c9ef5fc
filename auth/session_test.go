package auth

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// A session slides its idle expiry at most once per SessionTouchEvery
// (reads in between write nothing), never past the absolute bound, and ends
// when idle too long or logged out.
func TestSessionLifecycle(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t, Migrate)
	s := NewStore(pool)
	p := SessionPolicy{Idle: time.Hour, Absolute: 3 * time.Hour}
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	created, err := s.CreateSession(ctx, "cookie-1", "acme", "ann", p, t0)
	if err != nil {
		t.Fatal(err)
	}
	lastSeen := func() time.Time {
		t.Helper()
		var at time.Time
		if err := pool.QueryRow(ctx, `SELECT last_seen_at FROM auth.sessions WHERE id_hash = $1`, HashSecret("cookie-1")).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at.UTC()
	}
	read := func(at time.Time) (Session, error) {
		t.Helper()
		return s.Session(ctx, "cookie-1", p, at)
	}

	// Within the touch interval: the session reads as created, nothing written.
	got, err := read(t0.Add(SessionTouchEvery / 2))
	if err != nil || got.UserID != "ann" || got.AccountID != "acme" || got.CSRF != created.CSRF || !got.ExpiresAt.Equal(created.ExpiresAt) {
		t.Fatalf("read within the interval: %+v, %v (created %+v)", got, err, created)
	}
	if !lastSeen().Equal(t0) {
		t.Fatalf("a read within the interval wrote last_seen_at %v", lastSeen())
	}
	// Past it: the idle expiry slides from now.
	t1 := t0.Add(30 * time.Minute)
	if got, err = read(t1); err != nil || !got.ExpiresAt.Equal(t1.Add(p.Idle)) || !lastSeen().Equal(t1) {
		t.Fatalf("read after 30 min: %+v, %v, last seen %v; want expiry %v", got, err, lastSeen(), t1.Add(p.Idle))
	}
	// Kept in use, it never outlives the absolute bound.
	t2 := t0.Add(130 * time.Minute)
	if _, err := read(t0.Add(80 * time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got, err = read(t2); err != nil || !got.ExpiresAt.Equal(t0.Add(p.Absolute)) {
		t.Fatalf("read near the absolute bound: %+v, %v; want expiry %v", got, err, t0.Add(p.Absolute))
	}
	if _, err := read(t0.Add(p.Absolute)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("at the absolute bound: %v, want ErrNotFound", err)
	}

	// Idle too long: over.
	if _, err := s.CreateSession(ctx, "cookie-2", "acme", "bob", p, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, "cookie-2", p, t0.Add(p.Idle)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("idle for the whole idle timeout: %v, want ErrNotFound", err)
	}
	// Logged out: over; an unknown cookie never was.
	if _, err := s.CreateSession(ctx, "cookie-3", "acme", "cy", p, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSession(ctx, "cookie-3"); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"cookie-3", "never-issued"} {
		if _, err := s.Session(ctx, id, p, t0.Add(time.Minute)); !errors.Is(err, ErrNotFound) {
			t.Fatalf("session %s: %v, want ErrNotFound", id, err)
		}
	}
}
