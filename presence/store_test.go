package presence

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// clock is a settable time for Config.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

func newStore(t *testing.T, cfg Config) (*Store, *clock) {
	c := &clock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	cfg.Now = c.now
	return New(cfg), c
}

func next(t *testing.T, sub *Subscription) Change {
	t.Helper()
	select {
	case c := <-sub.Changes():
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("no change arrived")
		return Change{}
	}
}

func TestHeartbeatsAwayAndTimeout(t *testing.T) {
	s, c := newStore(t, Config{Timeout: time.Minute})
	ctx := t.Context()
	sub := s.Subscribe("acme")
	defer sub.Close()
	start := c.now()
	if ok, since := s.Availability("acme", "ann"); ok || !since.Equal(start) {
		t.Fatalf("unknown agent: %v %v", ok, since)
	}
	if _, err := s.Heartbeat(ctx, "acme", "ann", Online, false); err != nil {
		t.Fatal(err)
	}
	if ch := next(t, sub); ch.Agent == nil || ch.Agent.Status != Online {
		t.Fatalf("change %+v", ch)
	}
	if ok, since := s.Availability("acme", "ann"); !ok || !since.IsZero() {
		t.Fatalf("online: %v %v", ok, since)
	}
	c.add(30 * time.Second)
	if _, err := s.Heartbeat(ctx, "acme", "ann", Online, false); err != nil {
		t.Fatal(err)
	}
	select {
	case ch := <-sub.Changes():
		t.Fatalf("a repeated heartbeat is no change: %+v", ch)
	default:
	}
	if _, err := s.Heartbeat(ctx, "acme", "ann", Away, false); err != nil {
		t.Fatal(err)
	}
	next(t, sub)
	if ok, since := s.Availability("acme", "ann"); ok || !since.IsZero() {
		t.Fatalf("away: available %v, offline since %v", ok, since)
	}
	last := c.now()
	s.Expire(c.add(59 * time.Second))
	if a := s.Agents("acme"); len(a) != 1 || a[0].Status != Away {
		t.Fatalf("before timeout: %+v", a)
	}
	s.Expire(c.add(2 * time.Second))
	ch := next(t, sub)
	if ch.Agent == nil || ch.Agent.Status != Offline {
		t.Fatalf("timeout change %+v", ch)
	}
	if ok, since := s.Availability("acme", "ann"); ok || !since.Equal(last.Add(time.Minute)) {
		t.Fatalf("timed out: %v %v", ok, since)
	}
	if _, err := s.Heartbeat(ctx, "acme", "ann", "busy", false); !errors.Is(err, domain.ErrInvalid) {
		t.Fatalf("unknown status: %v", err)
	}
}

func TestSignalsExpireAndStop(t *testing.T) {
	s, c := newStore(t, Config{MaxTTL: 10 * time.Second})
	ctx := t.Context()
	sub := s.Subscribe("acme")
	defer sub.Close()
	ann := domain.Actor{Kind: domain.ActorAgent, ID: "ann"}
	cust := domain.Actor{Kind: domain.ActorContact, ID: "k1"}
	if err := s.Signal(ctx, Signal{AccountID: "acme", ConversationID: "c1", Kind: Typing, Who: cust}, time.Minute, true); err != nil {
		t.Fatal(err)
	}
	if err := s.Signal(ctx, Signal{AccountID: "acme", ConversationID: "c1", Kind: Viewing, Who: ann}, 5*time.Second, true); err != nil {
		t.Fatal(err)
	}
	next(t, sub)
	next(t, sub)
	if got := s.Signals("acme", "c1"); len(got) != 2 || got[0].Kind != Typing || got[1].Kind != Viewing {
		t.Fatalf("signals %+v", got)
	}
	s.Expire(c.add(6 * time.Second)) // the view lapses
	if ch := next(t, sub); !ch.Ended || ch.Signal.Kind != Viewing {
		t.Fatalf("expiry %+v", ch)
	}
	s.Expire(c.add(5 * time.Second)) // typing was capped at MaxTTL
	if ch := next(t, sub); !ch.Ended || ch.Signal.Kind != Typing {
		t.Fatalf("capped expiry %+v", ch)
	}
	if err := s.Signal(ctx, Signal{AccountID: "acme", ConversationID: "c1", Kind: Recording, Who: ann}, time.Second, true); err != nil {
		t.Fatal(err)
	}
	next(t, sub)
	if err := s.Signal(ctx, Signal{AccountID: "acme", ConversationID: "c1", Kind: Recording, Who: ann}, 0, false); err != nil {
		t.Fatal(err)
	}
	if ch := next(t, sub); !ch.Ended || ch.Signal.Kind != Recording {
		t.Fatalf("stop %+v", ch)
	}
	if got := s.Signals("acme", "c1"); len(got) != 0 {
		t.Fatalf("left %+v", got)
	}
}

func TestCheckFreshView(t *testing.T) {
	s, c := newStore(t, Config{})
	ctx := t.Context()
	ann := domain.Actor{Kind: domain.ActorAgent, ID: "ann"}
	msg1 := c.now().Add(-time.Minute)
	msg2 := c.now()
	if err := s.CheckFreshView("acme", "c1", "ann", msg1); !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("never viewed: %v", err)
	}
	if err := s.Signal(ctx, Signal{AccountID: "acme", ConversationID: "c1", Kind: Viewing, Who: ann, UpTo: msg1}, 30*time.Second, true); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckFreshView("acme", "c1", "ann", msg1); err != nil {
		t.Fatalf("seen: %v", err)
	}
	err := s.CheckFreshView("acme", "c1", "ann", msg2)
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != CodeStaleView {
		t.Fatalf("newer message: %v", err)
	}
	s.Expire(c.add(time.Minute)) // the viewing signal lapses; the view is remembered
	if err := s.CheckFreshView("acme", "c1", "ann", msg1); err != nil {
		t.Fatalf("after the signal lapsed: %v", err)
	}
}

// Two processes share presence through NOTIFY.
func TestSharedAcrossProcesses(t *testing.T) {
	pool := pgtest.Pool(t)
	a := New(Config{DB: pool})
	b := New(Config{DB: pool})
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	wg.Go(func() { _ = a.Run(ctx) })
	wg.Go(func() { _ = b.Run(ctx) })
	sub := b.Subscribe("acme")
	defer sub.Close()
	// b's listener may not be up yet: repeat until it hears one.
	deadline := time.Now().Add(10 * time.Second)
	var got Change
	for got.Agent == nil {
		if time.Now().After(deadline) {
			t.Fatal("b never heard a's heartbeat")
		}
		if _, err := a.Heartbeat(ctx, "acme", "ann", Online, true); err != nil {
			t.Fatal(err)
		}
		select {
		case got = <-sub.Changes():
		case <-time.After(200 * time.Millisecond):
		}
	}
	if got.Agent.AgentID != "ann" || !got.Agent.Hidden {
		t.Fatalf("b got %+v", got)
	}
	if ok, _ := b.Availability("acme", "ann"); !ok {
		t.Fatal("b does not see ann online")
	}
	ann := domain.Actor{Kind: domain.ActorAgent, ID: "ann"}
	if err := a.Signal(ctx, Signal{AccountID: "acme", ConversationID: "c9", Kind: Typing, Who: ann}, 5*time.Second, true); err != nil {
		t.Fatal(err)
	}
	if ch := next(t, sub); ch.Signal == nil || ch.Signal.ConversationID != "c9" {
		t.Fatalf("b got %+v", ch)
	}
}

// A viewing signal without up_to (the web inbox's) follows the live
// stream: messages that arrive while it lasts are seen once the live
// stream had LiveDelay to show them; after it stops, nothing newer is.
func TestCheckFreshViewFollowingLive(t *testing.T) {
	s, c := newStore(t, Config{LiveDelay: time.Second})
	ctx := t.Context()
	ann := domain.Actor{Kind: domain.ActorAgent, ID: "ann"}
	view := func(active bool) {
		t.Helper()
		if err := s.Signal(ctx, Signal{AccountID: "acme", ConversationID: "c1", Kind: Viewing, Who: ann}, 30*time.Second, active); err != nil {
			t.Fatal(err)
		}
	}
	stale := func(msg time.Time) bool {
		t.Helper()
		err := s.CheckFreshView("acme", "c1", "ann", msg)
		var de *domain.Error
		if err != nil && (!errors.As(err, &de) || de.Code != CodeStaleView || de.Kind != domain.KindConflict) {
			t.Fatalf("unexpected error %v", err)
		}
		return err != nil
	}
	before := c.now().Add(-time.Hour)
	if !stale(before) {
		t.Fatal("an agent who never looked passed")
	}
	view(true)
	if stale(before) {
		t.Fatal("a message from before the conversation was opened is on screen")
	}
	msg := c.add(10 * time.Second) // arrives while the conversation is open
	if !stale(msg) {
		t.Fatal("a reply in the same instant as the message passed")
	}
	c.add(1500 * time.Millisecond)
	if stale(msg) {
		t.Fatal("the message shown live was not counted as seen")
	}
	c.add(25 * time.Second) // the signal lapses at +30s, unrepeated
	late := c.add(10 * time.Second)
	c.add(5 * time.Second)
	if !stale(late) {
		t.Fatal("a message after the viewing signal lapsed passed")
	}
	view(true) // looked again
	c.add(2 * time.Second)
	if stale(late) {
		t.Fatal("looking again did not count")
	}
	view(false) // closed the conversation
	closed := c.add(3 * time.Second)
	c.add(5 * time.Second)
	if !stale(closed) {
		t.Fatal("a message after the agent closed the conversation passed")
	}
	if s.CheckFreshView("acme", "c1", "bo", before) == nil {
		t.Fatal("ann's view counted for bo")
	}
}

// The view recorded by one process's signal is what another process's
// check sees (the command API and the query API may be two processes).
func TestFreshViewAcrossProcesses(t *testing.T) {
	pool := pgtest.Pool(t)
	a := New(Config{DB: pool, LiveDelay: time.Millisecond})
	b := New(Config{DB: pool, LiveDelay: time.Millisecond})
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	wg.Go(func() { _ = a.Run(ctx) })
	wg.Go(func() { _ = b.Run(ctx) })
	msg := time.Now().Add(-time.Minute)
	if err := b.CheckFreshView("acme", "c1", "ann", msg); err == nil {
		t.Fatal("no view yet, but b passed the reply")
	}
	ann := domain.Actor{Kind: domain.ActorAgent, ID: "ann"}
	sub := b.Subscribe("acme")
	defer sub.Close()
	deadline := time.Now().Add(10 * time.Second)
	for heard := false; !heard; { // b's listener may not be up yet: repeat until it hears one
		if time.Now().After(deadline) {
			t.Fatal("b never heard a's viewing signal")
		}
		if err := a.Signal(ctx, Signal{AccountID: "acme", ConversationID: "c1", Kind: Viewing, Who: ann}, 30*time.Second, true); err != nil {
			t.Fatal(err)
		}
		select {
		case ch := <-sub.Changes():
			heard = ch.Signal != nil && ch.Signal.Kind == Viewing
		case <-time.After(200 * time.Millisecond):
		}
	}
	if err := b.CheckFreshView("acme", "c1", "ann", msg); err != nil {
		t.Fatalf("b, after a's viewing signal: %v", err)
	}
}
