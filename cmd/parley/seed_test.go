package main

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/internal/pgtest"
)

// runSeed is called directly: the lead wires "seed" into run's dispatcher.
func TestSeedCommandAppendsDeterministically(t *testing.T) {
	url := pgtest.URL(t)
	seedOnce := func() string {
		var out, errs strings.Builder
		e := env{stdout: &out, stderr: &errs, lookupEnv: noEnv}
		if err := runSeed(context.Background(), []string{"--postgres-url", url, "--conversations", "30", "--accounts", "2", "--seed", "9"}, e); err != nil {
			t.Fatalf("seed: %v\n%s", err, errs.String())
		}
		return out.String()
	}
	out := seedOnce()
	if !strings.Contains(out, "seeded 30/30 conversations (100.0%)") {
		t.Errorf("progress output: %q", out)
	}
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	count := func() (streams, events int) {
		if err := pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM eventstore.streams), (SELECT count(*) FROM eventstore.events)`).Scan(&streams, &events); err != nil {
			t.Fatal(err)
		}
		return streams, events
	}
	s1, e1 := count()
	if s1 < 50 || e1 < 300 {
		t.Fatalf("%d streams, %d events after seeding 30 conversations", s1, e1)
	}
	seedOnce() // the same seed again appends nothing
	if s2, e2 := count(); s2 != s1 || e2 != e1 {
		t.Errorf("seeding again: %d streams %d events, was %d %d", s2, e2, s1, e1)
	}
	var errs strings.Builder
	err = runSeed(context.Background(), []string{"--postgres-url", url}, env{stdout: &errs, stderr: &errs, lookupEnv: noEnv})
	if err == nil || !strings.Contains(err.Error(), "conversations must be at least 1") {
		t.Errorf("seed without --conversations: %v", err)
	}
}
