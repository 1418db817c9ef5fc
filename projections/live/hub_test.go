package live_test

import (
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/projections/live"
)

func TestHubDeliversOnlyTheSubscribersAccount(t *testing.T) {
	e := newEnv(t)
	hub, _ := startHub(t, e.db, live.HubConfig{})
	acme, globex := subscribe(t, hub, "acme"), subscribe(t, hub, "globex")
	e.startRuntime(t)

	e.message(t, "acme", "c1", "for acme")
	e.message(t, "globex", "g1", "for globex")
	if ch := next(t, acme); ch.ConversationID != "c1" {
		t.Fatalf("acme got %+v", ch)
	}
	// globex's first change is its own: acme's was never offered to it.
	if ch := next(t, globex); ch.ConversationID != "g1" || ch.AccountID != "globex" {
		t.Fatalf("globex got %+v", ch)
	}
}

// TestSecondHubSeesOtherProcessesChanges: two hubs on separate pools (as two
// processes would be) both see a change committed through a third.
func TestSecondHubSeesOtherProcessesChanges(t *testing.T) {
	e := newEnv(t)
	other, err := pgxpool.New(t.Context(), e.db.Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(other.Close)
	hub1, _ := startHub(t, e.db, live.HubConfig{})
	hub2, _ := startHub(t, other, live.HubConfig{})
	s1, s2 := subscribe(t, hub1, "acme"), subscribe(t, hub2, "acme")

	writer, err := pgxpool.New(t.Context(), e.db.Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(writer.Close)
	applyDirect(t, writer, recorded("acme", "c1", 10, 2))
	for _, s := range []*live.Subscription{s1, s2} {
		a, b := next(t, s), next(t, s)
		if a.Position != 10 || b.Position != 11 || b.Seq <= a.Seq {
			t.Fatalf("got %+v then %+v", a, b)
		}
	}
}

func TestSlowClientIsDroppedWithoutBlockingOthers(t *testing.T) {
	e := newEnv(t)
	hub, _ := startHub(t, e.db, live.HubConfig{ClientBuffer: 3})
	slow, fast := subscribe(t, hub, "acme"), subscribe(t, hub, "acme")

	applyDirect(t, e.db, recorded("acme", "c1", 1, 2))
	next(t, fast)
	next(t, fast)
	applyDirect(t, e.db, recorded("acme", "c2", 3, 2)) // the slow client's 4th
	if a, b := next(t, fast), next(t, fast); a.Position != 3 || b.Position != 4 {
		t.Fatalf("fast client got %+v then %+v", a, b)
	}
	ended(t, slow) // the hub ended it while delivering position 4 (the fast client has it)
	if !errors.Is(slow.Err(), live.ErrSlowClient) {
		t.Fatalf("slow client ended with %v", slow.Err())
	}
	if n := hub.Subscribers(); n != 1 {
		t.Fatalf("subscribers = %d, want 1", n)
	}
}

func TestHubStopEndsSubscriptions(t *testing.T) {
	e := newEnv(t)
	hub, stop := startHub(t, e.db, live.HubConfig{})
	sub := subscribe(t, hub, "acme")
	stop()
	ended(t, sub) // closed before Run returned
	if !errors.Is(sub.Err(), live.ErrHubClosed) {
		t.Fatalf("err = %v", sub.Err())
	}
	if _, err := hub.Subscribe(t.Context(), "acme"); !errors.Is(err, live.ErrHubClosed) {
		t.Fatalf("subscribe after stop: %v", err)
	}
}

// TestHubCatchesUpAfterReconnect: a change committed after the hub's
// listener connection died is delivered once it has reconnected.
func TestHubCatchesUpAfterReconnect(t *testing.T) {
	e := newEnv(t)
	hub, _ := startHub(t, e.db, live.HubConfig{RetryBackoff: time.Millisecond})
	sub := subscribe(t, hub, "acme")
	var pid int32
	err := e.db.QueryRow(t.Context(), `SELECT pid FROM pg_stat_activity
WHERE datname = current_database() AND application_name = $1`, live.ListenerApplicationName).Scan(&pid)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Exec(t.Context(), `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		var alive bool
		if err := e.db.QueryRow(t.Context(), `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1)`, pid).Scan(&alive); err != nil {
			t.Fatal(err)
		}
		if !alive {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("listener backend did not end")
		}
		time.Sleep(5 * time.Millisecond) // polling interval, not synchronisation
	}
	applyDirect(t, e.db, recorded("acme", "c1", 1, 1))
	if ch := next(t, sub); ch.Position != 1 {
		t.Fatalf("got %+v", ch)
	}
}
