package savedviews

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func newStore(t *testing.T) *Store {
	t.Helper()
	pool := pgtest.Pool(t)
	for range 2 { // idempotent
		if err := Migrate(t.Context(), pool); err != nil {
			t.Fatal(err)
		}
	}
	var ticks atomic.Int64 // a clock a second further on each call
	start := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	s, err := New(pool, func() time.Time { return start.Add(time.Duration(ticks.Add(1)) * time.Second) })
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var (
	alice = Owner{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "alice"}}
	bob   = Owner{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "bob"}}
	other = Owner{AccountID: "globex", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "alice"}}
)

func TestViewsArePrivateAndRoundTrip(t *testing.T) {
	s := newStore(t)
	ctx := t.Context()
	v, err := s.Create(ctx, alice, View{Name: "  Urgent WhatsApp ", Filters: map[string]string{"channel": "whatsapp", "priority": "urgent", "tag": "vip"}})
	if err != nil {
		t.Fatal(err)
	}
	if v.Name != "Urgent WhatsApp" || v.Tab != TabAll || v.Sort != "last_activity" || !strings.HasPrefix(v.ID, "sv_") {
		t.Fatalf("created %+v: want trimmed name, tab all, default sort and an id", v)
	}
	if _, err := s.Create(ctx, alice, View{Name: "Mine waiting", Tab: TabMine, Filters: map[string]string{"waiting": "true"}, Sort: "waiting_since"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.List(ctx, alice)
	if err != nil || len(got) != 2 || got[0].ID != v.ID || got[0].Filters["channel"] != "whatsapp" || got[1].Sort != "waiting_since" {
		t.Fatalf("alice lists %+v, %v", got, err)
	}
	for _, o := range []Owner{bob, other} {
		if l, err := s.List(ctx, o); err != nil || len(l) != 0 {
			t.Fatalf("%+v sees %d views of alice (%v)", o, len(l), err)
		}
		if _, err := s.Update(ctx, o, v.ID, Patch{Name: ptr("mine now")}); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("%+v renames alice's view: %v, want not found", o, err)
		}
		if err := s.Delete(ctx, o, v.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("%+v deletes alice's view: %v, want not found", o, err)
		}
	}
	u, err := s.Update(ctx, alice, v.ID, Patch{Name: ptr("VIP"), Filters: &map[string]string{"status": "open"}})
	if err != nil || u.Name != "VIP" || len(u.Filters) != 1 || u.Filters["status"] != "open" || !u.UpdatedAt.After(u.CreatedAt) {
		t.Fatalf("update: %+v, %v", u, err)
	}
	if err := s.Delete(ctx, alice, v.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.List(ctx, alice); len(got) != 1 || got[0].Name != "Mine waiting" {
		t.Fatalf("after delete: %+v", got)
	}
}

func TestInvalidViewsNameTheField(t *testing.T) {
	s := newStore(t)
	for _, c := range []struct {
		v     View
		field string
	}{
		{View{Name: " "}, "name"},
		{View{Name: strings.Repeat("x", MaxNameLen+1)}, "name"},
		{View{Name: "a\nb"}, "name"},
		{View{Name: "x", Tab: "others"}, "tab"},
		{View{Name: "x", Filters: map[string]string{"colour": "red"}}, "filters.colour"},
		{View{Name: "x", Filters: map[string]string{"limit": "10"}}, "filters.limit"},
		{View{Name: "x", Filters: map[string]string{"cursor": "abc"}}, "filters.cursor"},
		{View{Name: "x", Filters: map[string]string{"channel": "fax"}}, "filters.channel"},
		{View{Name: "x", Filters: map[string]string{"unread": "yes"}}, "filters.unread"},
		{View{Name: "x", Filters: map[string]string{"tag": strings.Repeat("t", domain.MaxTagLen+1)}}, "filters.tag"},
		{View{Name: "x", Tab: TabMine, Filters: map[string]string{"assignee": "bob"}}, "filters.assignee"},
		{View{Name: "x", Sort: "random"}, "sort"},
		{View{Name: "x", Sort: "waiting_since", Filters: map[string]string{"waiting": "false"}}, "sort"},
	} {
		_, err := s.Create(t.Context(), alice, c.v)
		var de *domain.Error
		if !errors.As(err, &de) || de.Kind != domain.KindInvalid || de.Field != c.field {
			t.Errorf("%+v: %v, want invalid %s", c.v, err, c.field)
		}
	}
	if l, _ := s.List(t.Context(), alice); len(l) != 0 {
		t.Fatalf("%d invalid views stored", len(l))
	}
	v, err := s.Create(t.Context(), alice, View{Name: "ok"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update(t.Context(), alice, v.ID, Patch{Filters: &map[string]string{"priority": "extreme"}}); domain.KindOf(err) != domain.KindInvalid {
		t.Fatalf("update to an invalid filter: %v", err)
	}
}

func TestNamesAreUniqueAndViewsCapped(t *testing.T) {
	s := newStore(t)
	ctx := t.Context()
	first, err := s.Create(ctx, alice, View{Name: "Backlog"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(ctx, alice, View{Name: "backlog"}); !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("duplicate name: %v, want conflict", err)
	}
	if _, err := s.Create(ctx, bob, View{Name: "Backlog"}); err != nil {
		t.Fatalf("bob may use the same name: %v", err)
	}
	// Concurrent creates up to and past the cap: exactly the cap is kept.
	var wg sync.WaitGroup
	for i := range MaxViewsPerUser + 5 {
		wg.Go(func() { _, _ = s.Create(ctx, alice, View{Name: fmt.Sprintf("view %d", i)}) })
	}
	wg.Wait()
	l, err := s.List(ctx, alice)
	if err != nil || len(l) != MaxViewsPerUser {
		t.Fatalf("alice has %d views (%v), want the cap %d", len(l), err, MaxViewsPerUser)
	}
	taken := l[0].Name // which of the concurrent creates won is random: rename onto one that did
	if taken == first.Name {
		taken = l[1].Name
	}
	if _, err := s.Create(ctx, alice, View{Name: "one more"}); !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("past the cap: %v, want conflict", err)
	}
	if _, err := s.Update(ctx, alice, first.ID, Patch{Name: ptr(strings.ToUpper(taken))}); !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("rename onto a taken name (%q): %v, want conflict", taken, err)
	}
}

func ptr[T any](v T) *T { return &v }
