package assigner

import (
	"fmt"
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain/assignment"
	"github.com/parley-inbox/parley/domain/conversation"
)

// With every agent full, conversations wait; a closed one frees capacity
// and the longest-waiting conversation gets it.
func TestFreedCapacityDrainsOldestFirst(t *testing.T) {
	e := newEnv(t, "ann", "bo")
	e.config(rrPolicy(true, 1))
	p := e.projector(e.cfg())
	for i := range 4 {
		e.open(fmt.Sprintf("c%d", i), "wa", "hi")
		e.pump(p)
	}
	if e.assignee("c0") != "ann" || e.assignee("c1") != "bo" || e.assignee("c2") != "" || e.assignee("c3") != "" {
		t.Fatalf("before: %q %q %q %q", e.assignee("c0"), e.assignee("c1"), e.assignee("c2"), e.assignee("c3"))
	}
	e.conv("c1", admin, conversation.Close{})
	e.pump(p)
	if e.assignee("c2") != "bo" || e.assignee("c3") != "" {
		t.Fatalf("after bo closed c1: c2=%q c3=%q", e.assignee("c2"), e.assignee("c3"))
	}
	a := e.assignments("c2")
	if len(a) != 1 || a[0].Reason != conversation.ReasonLoadBalance {
		t.Fatalf("c2 assignments %+v", a)
	}
}

// Nobody online: everything waits. An agent coming online drains the
// backlog oldest-first up to their capacity.
func TestAgentComingOnlineDrainsBacklog(t *testing.T) {
	e := newEnv(t, "ann", "bo")
	e.presence.set("ann", false, e.now.Add(-time.Hour))
	e.presence.set("bo", false, e.now.Add(-time.Hour))
	e.config(rrPolicy(true, 2))
	cfg := e.cfg()
	p, s := e.projector(cfg), e.sweeper(cfg)
	for i := range 4 {
		e.open(fmt.Sprintf("c%d", i), "wa", "hi")
		e.pump(p)
	}
	for i := range 4 {
		if a := e.assignee(fmt.Sprintf("c%d", i)); a != "" {
			t.Fatalf("c%d assigned to %q with nobody online", i, a)
		}
	}
	e.presence.set("bo", true, e.now)
	if err := s.Sweep(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.pump(p)
	got := []string{e.assignee("c0"), e.assignee("c1"), e.assignee("c2"), e.assignee("c3")}
	if got[0] != "bo" || got[1] != "bo" || got[2] != "" || got[3] != "" {
		t.Fatalf("after bo came online: %q", got)
	}
}

// An agent offline keeps their conversations through the grace period;
// then they go to someone online, or back to the backlog.
func TestGracePeriodThenRedistribution(t *testing.T) {
	e := newEnv(t, "ann", "bo")
	e.config(rrPolicy(false, 0), assignment.ChangeSettings{Settings: assignment.Settings{GraceSeconds: 60}})
	cfg := e.cfg()
	p, s := e.projector(cfg), e.sweeper(cfg)
	e.open("c0", "wa", "hi")
	e.open("c1", "wa", "hi")
	e.pump(p)
	if e.assignee("c0") != "ann" || e.assignee("c1") != "bo" {
		t.Fatalf("start: %q %q", e.assignee("c0"), e.assignee("c1"))
	}
	went := e.now
	e.presence.set("ann", false, went)
	e.now = went.Add(59 * time.Second)
	if err := s.Sweep(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.pump(p)
	if e.assignee("c0") != "ann" {
		t.Fatalf("within grace c0 went to %q", e.assignee("c0"))
	}
	e.now = went.Add(61 * time.Second)
	if err := s.Sweep(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.pump(p)
	a := e.assignments("c0")
	if e.assignee("c0") != "bo" || len(a) != 2 || a[1].PreviousAgentID != "ann" {
		t.Fatalf("after grace: %q %+v", e.assignee("c0"), a)
	}
	// bo goes too: with nobody left, his conversations are unassigned and wait.
	e.presence.set("bo", false, e.now)
	e.now = e.now.Add(2 * time.Minute)
	if err := s.Sweep(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.pump(p)
	if e.assignee("c0") != "" || e.assignee("c1") != "" {
		t.Fatalf("with nobody online: %q %q", e.assignee("c0"), e.assignee("c1"))
	}
	var waiting int
	if err := e.pool.QueryRow(t.Context(), `SELECT count(*) FROM assigner.conversations WHERE waiting_since IS NOT NULL`).Scan(&waiting); err != nil {
		t.Fatal(err)
	}
	if waiting != 2 {
		t.Fatalf("backlog %d, want 2", waiting)
	}
	e.presence.set("ann", true, e.now)
	if err := s.Sweep(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.pump(p)
	if e.assignee("c0") != "ann" || e.assignee("c1") != "ann" {
		t.Fatalf("ann back: %q %q", e.assignee("c0"), e.assignee("c1"))
	}
}

// A sweep that finds the assigner busy (the projector or another instance
// holds its lock) gives up quickly and leaves the work for the next one.
func TestSweepYieldsToTheLockHolder(t *testing.T) {
	e := newEnv(t, "ann")
	e.presence.set("ann", false, e.now.Add(-time.Hour))
	e.config(rrPolicy(false, 0))
	cfg := e.cfg()
	p, s := e.projector(cfg), e.sweeper(cfg)
	e.open("c0", "wa", "hi")
	e.pump(p)
	e.presence.set("ann", true, e.now)
	tx, err := e.pool.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(t.Context(), `SELECT 1 FROM projection_checkpoints WHERE name = $1 FOR UPDATE`, ProjectorName); err != nil {
		t.Fatal(err)
	}
	if err := s.Sweep(t.Context()); err != nil {
		t.Fatalf("busy sweep: %v", err)
	}
	if err := tx.Rollback(t.Context()); err != nil {
		t.Fatal(err)
	}
	if a := e.assignee("c0"); a != "" {
		t.Fatalf("assigned to %q while the lock was held", a)
	}
	if err := s.Sweep(t.Context()); err != nil {
		t.Fatal(err)
	}
	if a := e.assignee("c0"); a != "ann" {
		t.Fatalf("after the lock was free: %q", a)
	}
}

// Even where offline agents may get conversations, one taken from an agent
// gone past their grace does not go straight back to them.
func TestRedistributedNotBackToTheGoneAgent(t *testing.T) {
	e := newEnv(t, "ann")
	e.config(assignment.SetPolicy{Policy: assignment.Policy{ID: "any", InboxID: "wa", Type: assignment.TypeRoundRobin}},
		assignment.ChangeSettings{Settings: assignment.Settings{GraceSeconds: 60}})
	cfg := e.cfg()
	p, s := e.projector(cfg), e.sweeper(cfg)
	e.open("c0", "wa", "hi")
	e.pump(p)
	// ann left two minutes ago (events carry the real clock's time).
	e.now = time.Now()
	e.presence.set("ann", false, e.now.Add(-2*time.Minute))
	if err := s.Sweep(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.pump(p)
	if a := e.assignee("c0"); a != "" {
		t.Fatalf("after grace c0 is with %q", a)
	}
	e.presence.set("ann", true, e.now)
	if err := s.Sweep(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.pump(p)
	if a := e.assignee("c0"); a != "ann" {
		t.Fatalf("ann back online: c0 with %q", a)
	}
}
