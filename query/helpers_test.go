package query

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections/inbox"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const testKey = "0123456789abcdef0123456789abcdef-test"

// fixture is a database with the inbox views of generated conversations
// over two accounts, and a service over it.
type fixture struct {
	pool *pgxpool.Pool
	svc  *Service
	gen  *seed.Generator
}

func newFixture(t *testing.T, conversations int) *fixture {
	t.Helper()
	ctx := context.Background()
	pool := pgtest.Pool(t)
	if err := inbox.Migrate(ctx, pool, inbox.DefaultSchema); err != nil {
		t.Fatal(err)
	}
	gen, err := seed.NewGenerator(11, 2, "")
	if err != nil {
		t.Fatal(err)
	}
	log, err := gen.Log(conversations, 5)
	if err != nil {
		t.Fatal(err)
	}
	p, err := inbox.NewProjector(inbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.ApplyBatch(ctx, tx, log); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	svc, err := NewService(pool, Config{CursorKey: []byte(testKey)})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{pool: pool, svc: svc, gen: gen}
}

// viewer is agent 3 of account 1.
var viewer = Viewer{AccountID: seed.AccountID(0), AgentID: seed.AgentID(0, 2)}
