package inbox

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/internal/seed"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// newDB returns a pool on a fresh database with schema migrated.
func newDB(t *testing.T, schemas ...string) *pgxpool.Pool {
	t.Helper()
	pool := pgtest.Pool(t)
	for _, s := range schemas {
		if err := Migrate(context.Background(), pool, s); err != nil {
			t.Fatal(err)
		}
	}
	return pool
}

func newProjector(t *testing.T, schema string) *Projector {
	t.Helper()
	p, err := NewProjector(Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// generated is the log of n generated conversations over accounts accounts.
func generated(t *testing.T, n, accounts int) []eventstore.RecordedEvent {
	t.Helper()
	g, err := seed.NewGenerator(7, accounts, "")
	if err != nil {
		t.Fatal(err)
	}
	log, err := g.Log(n, 99)
	if err != nil {
		t.Fatal(err)
	}
	return log
}

// project applies evs in transactions of size events each (size 1 uses Apply).
func project(t *testing.T, pool *pgxpool.Pool, p *Projector, evs []eventstore.RecordedEvent, size int) {
	t.Helper()
	ctx := context.Background()
	for start := 0; start < len(evs); start += size {
		chunk := evs[start:min(start+size, len(evs))]
		tx, err := pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if size == 1 {
			err = p.Apply(ctx, tx, chunk[0])
		} else {
			err = p.ApplyBatch(ctx, tx, chunk)
		}
		if err != nil {
			_ = tx.Rollback(ctx)
			t.Fatalf("apply at position %d: %v", chunk[0].Position, err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

func fingerprint(t *testing.T, pool *pgxpool.Pool, schema string) map[string]string {
	t.Helper()
	fp, err := Fingerprint(context.Background(), pool, schema)
	if err != nil {
		t.Fatal(err)
	}
	if len(fp) < 6 {
		t.Fatalf("fingerprint of %s has %d tables: %v", schema, len(fp), fp)
	}
	return fp
}

func sameFingerprints(t *testing.T, what string, a, b map[string]string) {
	t.Helper()
	for table, sum := range a {
		if b[table] != sum {
			t.Errorf("%s: table %s differs (%s vs %s)", what, table, sum, b[table])
		}
	}
	if len(a) != len(b) {
		t.Errorf("%s: %d tables vs %d", what, len(a), len(b))
	}
}
