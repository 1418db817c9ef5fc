// Package pgtest gives tests a fresh, real PostgreSQL database. With
// PARLEY_TEST_POSTGRES_URL set (as .ci/run does) it creates databases on that
// server; otherwise it starts a private server from the machine's PostgreSQL
// binaries once per test binary. It never fakes a database: if neither is
// possible the test fails loudly.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/internal/pgserver"
)

var (
	once    sync.Once
	baseURL string
	initErr error
	counter atomic.Int64
)

// Pool opens a connection pool on a new empty database (URL), closed when
// the test ends, before the database is dropped, and runs the given
// migrations on it in order.
func Pool(t testing.TB, migrate ...func(context.Context, *pgxpool.Pool) error) *pgxpool.Pool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	pool, err := pgxpool.New(ctx, URL(t))
	if err != nil {
		t.Fatalf("pgtest: open pool: %v", err)
	}
	t.Cleanup(pool.Close)
	for i, m := range migrate {
		if err := m(ctx, pool); err != nil {
			t.Fatalf("pgtest: migration %d of %d: %v", i+1, len(migrate), err)
		}
	}
	return pool
}

// URL returns the connection string of a new empty database, dropped when the
// test ends.
func URL(t testing.TB) string {
	t.Helper()
	once.Do(func() { baseURL, initErr = server() })
	if initErr != nil {
		t.Fatalf("pgtest: no PostgreSQL for this test (set PARLEY_TEST_POSTGRES_URL or install PostgreSQL): %v", initErr)
	}
	name := fmt.Sprintf("t_%d_%d_%s", os.Getpid(), counter.Add(1), sanitize(t.Name()))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, baseURL)
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, baseURL)
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	})
	u, _ := url.Parse(baseURL)
	u.Path = "/" + name
	return u.String()
}

func server() (string, error) {
	if env := os.Getenv("PARLEY_TEST_POSTGRES_URL"); env != "" {
		return env, nil
	}
	dir, err := os.MkdirTemp("", "parley-pgtest-")
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := pgserver.Start(ctx, pgserver.Config{DataDir: filepath.Join(dir, "data"), Fast: true})
	if err != nil {
		return "", err
	}

	shutdownMu.Lock()
	running = append(running, stopper{srv, dir})
	shutdownMu.Unlock()
	return srv.URL(ctx, "postgres")
}

type stopper struct {
	srv *pgserver.Server
	dir string
}

var (
	shutdownMu sync.Mutex
	running    []stopper
)

// Main wraps a package's TestMain: it runs the tests and then stops any
// private server pgtest started.
func Main(m interface{ Run() int }) {
	code := m.Run()
	shutdownMu.Lock()
	for _, s := range running {
		_ = s.srv.Stop()
		_ = os.RemoveAll(s.dir)
	}
	shutdownMu.Unlock()
	os.Exit(code)
}

func sanitize(s string) string {
	s = strings.ToLower(s)
	var b strings.Builder
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
		if b.Len() >= 30 {
			break
		}
	}
	return b.String()
}
