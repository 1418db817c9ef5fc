package ledger

import (
	"strings"
	"testing"
	"time"

	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func newLedger(t *testing.T) *Ledger {
	t.Helper()
	pool := pgtest.Pool(t)
	if err := Migrate(t.Context(), pool); err != nil {
		t.Fatal(err)
	}
	return New(pool)
}

// A provider that hands out an id twice must not wedge the dispatcher.
func TestReusedProviderIDKeepsTheOutcome(t *testing.T) {
	l := newLedger(t)
	ctx := t.Context()
	a, b := OutboundRef{"c1", "m1"}, OutboundRef{"c2", "m1"}
	for _, ref := range []OutboundRef{a, b} {
		if prev, err := l.Claim(ctx, ref, "in-1"); err != nil || prev.State != "" {
			t.Fatalf("claim %v: %+v, %v", ref, prev, err)
		}
		if err := l.Finish(ctx, ref, Outbound{State: StateSent, ProviderMessageID: "wamid.1"}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := l.Claim(ctx, b, "in-1")
	if err != nil || got.State != StateSent || got.ProviderMessageID != "" || !strings.Contains(got.Error, "already used") {
		t.Fatalf("second message: %+v, %v", got, err)
	}
	if ref, err := l.MessageOf(ctx, "in-1", "wamid.1"); err != nil || ref != a {
		t.Fatalf("the id still names the first message: %v, %v", ref, err)
	}
}

func TestPurgeKeepsRecentRows(t *testing.T) {
	l := newLedger(t)
	ctx := t.Context()
	if _, err := l.FirstSeen(ctx, "in-1", "p1"); err != nil {
		t.Fatal(err)
	}
	if err := l.Park(ctx, "in-1", "p2", ParkedStatus{Status: "read"}); err != nil {
		t.Fatal(err)
	}
	if n, err := l.Purge(ctx, Retention{}, time.Now()); err != nil || n != 0 {
		t.Fatalf("purged %d fresh rows, %v", n, err)
	}
	if n, err := l.Purge(ctx, Retention{}, time.Now().Add(31*24*time.Hour)); err != nil || n != 2 {
		t.Fatalf("purged %d old rows, %v", n, err)
	}
	if fresh, err := l.FirstSeen(ctx, "in-1", "p1"); err != nil || !fresh {
		t.Fatalf("after the purge: %v, %v", fresh, err)
	}
}
