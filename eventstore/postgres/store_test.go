package postgres_test

import (
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMigrateConcurrentlyAndTwice(t *testing.T) {
	ctx := t.Context()
	url := pgtest.URL(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 { // four processes starting at once
		wg.Go(func() {
			pool, err := pgxpool.New(ctx, url)
			if err != nil {
				errs <- err
				return
			}
			defer pool.Close()
			errs <- postgres.Migrate(ctx, pool)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if err := postgres.Migrate(ctx, pool); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migration files: %v", err)
	}
	var n int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM eventstore.schema_migrations").Scan(&n); err != nil || n != len(files) {
		t.Fatalf("schema_migrations has %d rows (%v), want one per file: %d", n, err, len(files))
	}
}

func TestNewNeedsMigrate(t *testing.T) {
	pool := pgtest.Pool(t)
	if _, err := postgres.New(t.Context(), pool, postgres.Config{}); err == nil {
		t.Fatal("New on an unmigrated database succeeded")
	}
}

func TestEventIDOfAnotherStreamIsInvalid(t *testing.T) {
	s, _ := newStore(t)
	e := event(t, "e")
	if _, err := s.Append(t.Context(), "a", eventstore.Any(), []eventstore.EventData{e}); err != nil {
		t.Fatal(err)
	}
	_, err := s.Append(t.Context(), "b", eventstore.Any(), []eventstore.EventData{e})
	if !errors.Is(err, eventstore.ErrInvalid) {
		t.Fatalf("append of a's event id to b: err = %v, want ErrInvalid", err)
	}
	_, err = s.Append(t.Context(), "a", eventstore.Any(), []eventstore.EventData{e, event(t, "e")})
	if !errors.Is(err, eventstore.ErrInvalid) {
		t.Fatalf("append mixing an appended id with a new one: err = %v, want ErrInvalid", err)
	}
}

func TestUnreachableIsUnavailable(t *testing.T) {
	s, pool := newStore(t)
	pool.Close()
	_, err := s.Append(t.Context(), "a", eventstore.Any(), []eventstore.EventData{event(t, "e")})
	if !errors.Is(err, eventstore.ErrUnavailable) {
		t.Fatalf("append on a closed pool: err = %v, want ErrUnavailable", err)
	}

	cfg, err := pgxpool.ParseConfig("postgres://parley@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	dead, err := pgxpool.NewWithConfig(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer dead.Close()
	if _, err := postgres.New(t.Context(), dead, postgres.Config{}); !errors.Is(err, eventstore.ErrUnavailable) {
		t.Fatalf("New against a closed port: err = %v, want ErrUnavailable", err)
	}
}

// TestSubscriptionReleasesEverything: ending subscriptions, by cancel or by
// Close, leaves no goroutine and no server connection behind.
func TestSubscriptionReleasesEverything(t *testing.T) {
	s, pool := newStore(t)
	ctx := t.Context()
	if _, err := s.Append(ctx, "a", eventstore.NoStream(), []eventstore.EventData{event(t, "e")}); err != nil {
		t.Fatal(err)
	}
	goroutines := runtime.NumGoroutine()

	subCtx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	started := make(chan struct{}, 10)
	results := make(chan error, 10)
	for range 10 {
		wg.Go(func() {
			results <- s.SubscribeAll(subCtx, 0, func(context.Context, eventstore.RecordedEvent) error {
				started <- struct{}{}
				return nil
			})
		})
	}
	for range 10 {
		<-started
	}
	if n := subscribers(t, pool); n != 10 {
		t.Fatalf("%d subscriber connections, want 10", n)
	}
	cancel()
	wg.Wait()
	close(results)
	for err := range results {
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("SubscribeAll after cancel = %v", err)
		}
	}

	done := make(chan error, 1)
	go func() {
		done <- s.SubscribeAll(ctx, 0, func(context.Context, eventstore.RecordedEvent) error { return nil })
	}()
	waitFor(t, "one subscriber connection", func() bool { return subscribers(t, pool) == 1 })
	s.Close()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("SubscribeAll after Close = %v", err)
	}

	// Server backends exit asynchronously after their client hangs up.
	waitFor(t, "no subscriber connections and no extra goroutines", func() bool {
		return subscribers(t, pool) == 0 && runtime.NumGoroutine() <= goroutines
	})
}

// waitFor polls cond for up to 10 seconds: for effects that happen outside
// the process (a server backend exiting), which nothing can signal.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting after 10s for %s", what)
		}
	}
}

func subscribers(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	err := pool.QueryRow(t.Context(), "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1",
		postgres.SubscriberApplicationName).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
