package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/parley-inbox/parley/internal/config"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func runCLI(t *testing.T, lookupEnv func(string) (string, bool), args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr strings.Builder
	if lookupEnv == nil {
		lookupEnv = noEnv
	}
	code := run(context.Background(), args, env{stdout: &stdout, stderr: &stderr, lookupEnv: lookupEnv})
	return code, stdout.String(), stderr.String()
}

func TestCLIExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		out  string // in stdout or stderr
	}{
		{nil, 2, "usage: parley"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"help"}, 0, "Commands:"},
		{[]string{"version"}, 0, "parley dev"},
		{[]string{"serve", "-h"}, 0, "PARLEY_COMMAND_ADDR"},
		{[]string{"serve", "--nope"}, 2, "flag provided but not defined"},
		{[]string{"serve", "--role=boss", "--eventstore=esdb"}, 2, "--esdb-url"},
		{[]string{"migrate", "--log-format=xml"}, 2, "--log-format"},
	} {
		code, stdout, stderr := runCLI(t, nil, tc.args...)
		if code != tc.code || !strings.Contains(stdout+stderr, tc.out) {
			t.Errorf("parley %v: code %d, want %d; output lacks %q:\n%s%s", tc.args, code, tc.code, tc.out, stdout, stderr)
		}
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	url := pgtest.URL(t)
	lookup := func(k string) (string, bool) {
		if k == "PARLEY_POSTGRES_URL" {
			return url, true
		}
		return "", false
	}
	for i := range 2 {
		if code, _, stderr := runCLI(t, lookup, "migrate"); code != 0 {
			t.Fatalf("run %d: code %d\n%s", i+1, code, stderr)
		}
	}
}

func TestBenchDispatcher(t *testing.T) {
	var got config.Bench
	var rounds int
	suites := []benchSuite{{
		Name: "fake", Summary: "does nothing, quickly",
		Flags: func(fs *flag.FlagSet) { fs.IntVar(&rounds, "rounds", 1, "rounds") },
		Run: func(_ context.Context, cfg config.Bench, _ *slog.Logger, out io.Writer) error {
			got = cfg
			fmt.Fprintln(out, "fake done")
			return nil
		},
	}}
	var stdout, stderr strings.Builder
	e := env{stdout: &stdout, stderr: &stderr, lookupEnv: func(k string) (string, bool) {
		if k == "PARLEY_DURATION" {
			return "3s", true
		}
		return "", false
	}}
	if err := runBench(context.Background(), []string{"fake", "--concurrency=3", "--rounds=7"}, e, suites); err != nil {
		t.Fatal(err)
	}
	if got.Concurrency != 3 || got.Duration != 3*time.Second || rounds != 7 || !strings.Contains(stdout.String(), "fake done") {
		t.Fatalf("cfg %+v rounds %d out %q", got, rounds, stdout.String())
	}
	if err := runBench(context.Background(), []string{"nope"}, e, suites); exitCode(err, io.Discard) != 2 {
		t.Fatalf("unknown suite: %v", err)
	}
	stdout.Reset()
	if err := runBench(context.Background(), []string{"list"}, e, suites); err != nil || !strings.Contains(stdout.String(), "does nothing, quickly") {
		t.Fatalf("list: %v %q", err, stdout.String())
	}
	if err := runBench(context.Background(), []string{"fake", "--concurrency=0"}, e, suites); exitCode(err, io.Discard) != 2 {
		t.Fatalf("bad flags: %v", err)
	}
}

// A concurrency setting is a whole number from 1 to 1024; anything else
// stops the start with the variable named.
func TestPositiveEnv(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  int
		ok    bool
	}{{"", 8, true}, {"3", 3, true}, {"1024", 1024, true}, {"0", 0, false}, {"-2", 0, false}, {"lots", 0, false}, {"2000", 0, false}} {
		t.Setenv("PARLEY_TEST_CONCURRENCY", tc.value)
		got, err := positiveEnv("PARLEY_TEST_CONCURRENCY", 8)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("%q: %d, %v", tc.value, got, err)
		}
		if err != nil && !strings.Contains(err.Error(), "PARLEY_TEST_CONCURRENCY") {
			t.Errorf("%q: the error does not name the variable: %v", tc.value, err)
		}
	}
}
