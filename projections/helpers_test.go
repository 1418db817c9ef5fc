package projections_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/projections"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// env is a fresh database holding the real PostgreSQL event store, the
// runtime's tables and the counter tables "live" and "rebuilt".
type env struct {
	db    *pgxpool.Pool
	store eventstore.Store
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := t.Context()
	cfg, err := pgxpool.ParseConfig(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = 16
	db, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	if err := postgres.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	store, err := postgres.New(ctx, db, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Close)
	for range 2 { // idempotent
		if err := projections.Migrate(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	for _, prefix := range []string{"live", "rebuilt"} {
		if err := createCounterTables(ctx, db, prefix); err != nil {
			t.Fatal(err)
		}
	}
	return &env{db: db, store: store}
}

// appendEvents appends n events over streams streams, several per append;
// every seventh is of a type the counter does not handle. It returns the
// position of the last one.
func (e *env) appendEvents(t *testing.T, n, streams int) uint64 {
	t.Helper()
	var last uint64
	for i := 0; i < n; {
		stream := fmt.Sprintf("s-%d", i%streams)
		var batch []eventstore.EventData
		for ; i < n && len(batch) < 10; i++ {
			typ := "test.Counted"
			if i%7 == 6 {
				typ = "test.Unknown"
			}
			batch = append(batch, eventstore.EventData{ID: uuid.New(), Type: typ, SchemaVersion: 1,
				Data:     []byte(fmt.Sprintf(`{"i":%d}`, i)),
				Metadata: eventstore.Metadata{AccountID: "acc", OccurredAt: time.Now().UTC(), CommandID: uuid.NewString()}})
		}
		res, err := e.store.Append(t.Context(), stream, eventstore.Any(), batch)
		if err != nil {
			t.Fatal(err)
		}
		last = res.Position
	}
	return last
}

// appendOne appends one event of typ to stream.
func (e *env) appendOne(t *testing.T, stream, typ string) uint64 {
	t.Helper()
	res, err := e.store.Append(t.Context(), stream, eventstore.Any(), []eventstore.EventData{{ID: uuid.New(), Type: typ,
		SchemaVersion: 1, Data: []byte(`{}`), Metadata: eventstore.Metadata{AccountID: "acc", OccurredAt: time.Now().UTC()}}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Position
}

// fingerprint hashes a sorted dump of a counter's tables.
func (e *env) fingerprint(t *testing.T, prefix string) string {
	t.Helper()
	var dump strings.Builder
	for _, q := range []string{
		`SELECT stream || ':' || events || ':' || last_revision FROM ` + pgx.Identifier{prefix + "_streams"}.Sanitize() + ` ORDER BY stream`,
		`SELECT events || ':' || position_sum FROM ` + pgx.Identifier{prefix + "_totals"}.Sanitize(),
	} {
		rows, err := e.db.Query(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		dump.WriteString(strings.Join(lines, "\n") + "\n")
	}
	sum := sha256.Sum256([]byte(dump.String()))
	return hex.EncodeToString(sum[:])
}

// rebuiltFingerprint rebuilds the counter from scratch into the "rebuilt"
// tables under a checkpoint of its own and returns their fingerprint.
func (e *env) rebuiltFingerprint(t *testing.T) string {
	t.Helper()
	p := &streamCounter{name: "counter", prefix: "rebuilt"}
	if _, err := projections.Rebuild(t.Context(), e.db, e.store, p, projections.RebuildOptions{Checkpoint: "counter.rebuilt"}); err != nil {
		t.Fatal(err)
	}
	return e.fingerprint(t, "rebuilt")
}

// startRuntime runs a runtime until the test ends or the returned stop is
// called; stop waits for Run to return and reports its error.
func startRuntime(t *testing.T, cfg projections.Config) (*projections.Runtime, func() error) {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = quietLogger(t)
	}
	if cfg.Retry.InitialInterval == 0 {
		cfg.Retry = projections.RetryConfig{MaxTries: 3, InitialInterval: time.Millisecond, MaxInterval: 5 * time.Millisecond}
	}
	rt, err := projections.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- rt.Run(ctx) }()
	stop := once(func() error {
		cancel()
		return <-done
	})
	t.Cleanup(func() { _ = stop() })
	return rt, stop
}

// once makes stop callable more than once.
func once(f func() error) func() error {
	var err error
	called := false
	return func() error {
		if !called {
			called, err = true, f()
		}
		return err
	}
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond) // polling interval, not synchronisation
	}
}

// counterValue reads a counter or gauge with the given labels from reg.
func counterValue(t *testing.T, reg *prometheus.Registry, name string, labels map[string]string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	metric:
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				if v, ok := labels[lp.GetName()]; ok && v != lp.GetValue() {
					continue metric
				}
			}
			if m.Counter != nil {
				return m.Counter.GetValue()
			}
			return m.Gauge.GetValue()
		}
	}
	return 0
}

// quietLogger logs warnings and errors to the test's output.
func quietLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}
