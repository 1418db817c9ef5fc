package main

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/internal/secrets"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/timeline"
	"github.com/parley-inbox/parley/projections/timeline/pgtimeline"
)

// TestProjectionsVerifyTimeline: a row deleted from the PostgreSQL timeline
// is reported by `projections verify timeline` (exit 1) and put back by
// --repair, after which verify passes.
func TestProjectionsVerifyTimeline(t *testing.T) {
	ctx := t.Context()
	url := pgtest.URL(t)
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := applyMigrations(ctx, pool, migrations("postgres"), slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	store, err := postgres.New(ctx, pool, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Close)
	if err := seed.Seed(ctx, store, seed.SeedOptions{Conversations: 20, Seed: 5}, nil); err != nil {
		t.Fatal(err)
	}
	key, err := secrets.Get(ctx, pool, "analytics-phone-hash", 32)
	if err != nil {
		t.Fatal(err)
	}
	folder, err := timeline.NewFolder(timeline.NewPhoneHasher(key))
	if err != nil {
		t.Fatal(err)
	}
	p, err := pgtimeline.NewProjector("timeline", "", folder)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := projections.Rebuild(ctx, pool, store, p, projections.RebuildOptions{}); err != nil {
		t.Fatal(err)
	}
	verify := func(args ...string) (int, string) {
		t.Helper()
		code, stdout, stderr := runCLI(t, nil, append([]string{"projections", "verify", "timeline", "--postgres-url", url}, args...)...)
		return code, stdout + stderr
	}
	if code, out := verify(); code != 0 || !strings.Contains(out, "ok: the index matches the log") {
		t.Fatalf("fresh projection: exit %d\n%s", code, out)
	}
	var id string
	if err := pool.QueryRow(ctx, `DELETE FROM timeline_entries WHERE id = (SELECT min(id) FROM timeline_entries) RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if code, out := verify(); code != 1 || !strings.Contains(out, "missing: 1") || !strings.Contains(out, "entry/"+id) {
		t.Fatalf("after deleting %s: exit %d\n%s", id, code, out)
	}
	if code, out := verify("--repair"); code != 0 || !strings.Contains(out, "repaired: 1 documents") {
		t.Fatalf("repair: exit %d\n%s", code, out)
	}
	if code, out := verify(); code != 0 || !strings.Contains(out, "ok: the index matches the log") {
		t.Fatalf("after repair: exit %d\n%s", code, out)
	}
	if code, out := verify("--nope"); code != 2 {
		t.Fatalf("bad flag: exit %d\n%s", code, out)
	}
}
