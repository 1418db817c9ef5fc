package faults_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/faults"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/internal/searchtest"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/inbox"
	"github.com/parley-inbox/parley/projections/live"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.ReleaseMode)
	pgtest.Main(searchtest.Wrap(m))
}

// suite is the shared state of TestFaults: one database holding the
// generated log, and the oracle's fingerprints per log head.
type suite struct {
	url    string
	pool   *pgxpool.Pool
	store  *postgres.Store
	gen    *seed.Generator
	convs  int
	seed   uint64
	report *faults.Report
	oracle map[uint64]faults.Fingerprint // inbox oracle per head
	schema int                           // counter for fresh schema names
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func newSuite(t *testing.T) *suite {
	t.Helper()
	ctx := t.Context()
	s := &suite{url: pgtest.URL(t), convs: envInt("PARLEY_FAULTS_CONVERSATIONS", defaultConversations),
		seed: uint64(envInt("PARLEY_FAULTS_SEED", 1)), report: &faults.Report{}, oracle: map[uint64]faults.Fingerprint{}}
	if testing.Short() {
		s.convs = min(s.convs, 300)
	}
	var err error
	if s.pool, err = pgxpool.New(ctx, s.url); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.pool.Close)
	for _, migrate := range []func(context.Context, *pgxpool.Pool) error{postgres.Migrate, projections.Migrate, live.Migrate} {
		if err := migrate(ctx, s.pool); err != nil {
			t.Fatal(err)
		}
	}
	if s.store, err = postgres.New(ctx, s.pool, postgres.Config{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.store.Close)
	opts := seed.SeedOptions{Conversations: s.convs, Accounts: 5, Seed: s.seed, Prefix: "f", Workers: 8}
	if err := seed.Seed(ctx, s.store, opts, nil); err != nil {
		t.Fatal(err)
	}
	if s.gen, err = seed.NewGenerator(opts.Seed, opts.Accounts, opts.Prefix); err != nil {
		t.Fatal(err)
	}
	if _, err := faults.Extras(ctx, s.store, s.gen, s.convs); err != nil {
		t.Fatal(err)
	}
	return s
}

// head is the log's last position; events its size.
func (s *suite) head(t *testing.T) (uint64, int) {
	t.Helper()
	if err := s.store.Settle(t.Context()); err != nil {
		t.Fatal(err)
	}
	var head int64
	var n int
	if err := s.pool.QueryRow(t.Context(), `SELECT coalesce(max(position), 0), count(*) FROM eventstore.events`).Scan(&head, &n); err != nil {
		t.Fatal(err)
	}
	return uint64(head), n
}

// freshInbox is an inbox projector over a new, empty schema.
func (s *suite) freshInbox(t *testing.T, name string) *inbox.Projector {
	t.Helper()
	s.schema++
	schema := fmt.Sprintf("f%d_%s", s.schema, name)
	if err := inbox.Migrate(t.Context(), s.pool, schema); err != nil {
		t.Fatal(err)
	}
	p, err := inbox.NewProjector(inbox.Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// resetLive empties the live feed and its checkpoint (no runtime runs it).
func (s *suite) resetLive(t *testing.T) {
	t.Helper()
	if _, err := s.pool.Exec(t.Context(), `TRUNCATE live_changes`); err != nil {
		t.Fatal(err)
	}
	if err := projections.ResetCheckpoint(t.Context(), s.pool, live.ProjectorName); err != nil {
		t.Fatal(err)
	}
}

// run runs the projectors under a runtime reading store until each has
// committed head, or ctx ends; it returns the runtime's error, if any.
func (s *suite) run(ctx context.Context, store eventstore.Store, ps []projections.Projector, head uint64, cfg projections.Config) error {
	progress := projections.NewProgress(s.pool, projections.ProgressConfig{MaxWait: 2 * time.Second, Logger: slog.New(slog.DiscardHandler)})
	cfg.DB, cfg.Store, cfg.Projectors, cfg.Progress = s.pool, store, ps, progress
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	rt, err := projections.New(cfg)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 2)
	go func() { done <- progress.Run(ctx) }()
	go func() {
		for _, p := range ps {
			for ctx.Err() == nil && progress.WaitFor(ctx, p.Name(), head) != nil { //nolint:revive // WaitFor is bounded; retry until ctx ends
				continue
			}
		}
		cancel()
	}()
	err = rt.Run(ctx)
	cancel()
	<-done
	return err
}

// compare fingerprints the inbox views in p's schema (and the live feed
// when withLive) and compares them with a from-scratch rebuild of the same
// log. The live oracle is rebuilt in place, after the fault's feed is hashed.
func (s *suite) compare(t *testing.T, p *inbox.Projector, withLive bool) string {
	return s.compareWith(t, p, withLive, nil)
}

// compareWith is compare with an inbox oracle wrapped by wrap (a fixed
// release, for poison events); nil wraps nothing. The live oracle is never
// wrapped: the live feed carries raw payloads and needs no fix.
func (s *suite) compareWith(t *testing.T, p *inbox.Projector, withLive bool, wrap func(faults.Applier) projections.Projector) string {
	t.Helper()
	ctx := t.Context()
	got, err := faults.InboxFingerprint(ctx, s.pool, p.Schema())
	if err != nil {
		t.Fatal(err)
	}
	head, _ := s.head(t)
	cache := wrap == nil // a wrapped oracle is not the plain log's
	if cache {
		wrap = func(a faults.Applier) projections.Projector { return a }
	}
	want, ok := s.oracle[head]
	ok = ok && cache
	if !ok {
		o := s.freshInbox(t, "oracle")
		if _, err := projections.Rebuild(ctx, s.pool, s.store, wrap(o), projections.RebuildOptions{Checkpoint: o.Name()}); err != nil {
			t.Fatal(err)
		}
		if want, err = faults.InboxFingerprint(ctx, s.pool, o.Schema()); err != nil {
			t.Fatal(err)
		}
		if cache {
			s.oracle[head] = want
		}
	}
	want = clone(want)
	if withLive {
		liveGot, n, err := faults.LiveFingerprint(ctx, s.pool)
		if err != nil {
			t.Fatal(err)
		}
		s.resetLive(t)
		if _, err := projections.Rebuild(ctx, s.pool, s.store, live.NewProjector(nil), projections.RebuildOptions{}); err != nil {
			t.Fatal(err)
		}
		liveWant, m, err := faults.LiveFingerprint(ctx, s.pool)
		if err != nil {
			t.Fatal(err)
		}
		if n != m {
			t.Errorf("live feed has %d rows, the rebuild %d", n, m)
		}
		got["live_changes"], want["live_changes"] = liveGot["live_changes"], liveWant["live_changes"]
	}
	if diff := got.Diff(want); len(diff) > 0 {
		t.Errorf("views differ from the oracle in %v\n got  %s\n want %s", diff, got, want)
		return fmt.Sprintf("FAIL: %d tables differ", len(diff))
	}
	return fmt.Sprintf("equal to rebuild (%d tables)", len(got))
}

func clone(f faults.Fingerprint) faults.Fingerprint {
	out := faults.Fingerprint{}
	for k, v := range f {
		out[k] = v
	}
	return out
}
