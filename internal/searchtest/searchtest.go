// Package searchtest gives tests a real Elasticsearch-API engine, as
// pgtest does for PostgreSQL. With PARLEY_TEST_SEARCH_URL set (as
// deploy/dev/test.sh does, after starting OpenSearch) tests use that node;
// otherwise the first test that asks starts a private node with
// deploy/opensearch/opensearch.sh, once per test binary. If no engine can be
// had, tests fail under CI=true and are skipped, loudly, elsewhere: search
// tests never pass against a fake.
package searchtest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// EnvURL names the variable holding the engine's base URL.
const EnvURL = "PARLEY_TEST_SEARCH_URL"

// node is the engine of this test binary.
type node struct {
	once    sync.Once
	url     string
	err     error
	dir     string // set when this binary started the node
	script  string
	counter atomic.Int64
}

// The one engine per test binary, like pgtest's server: shared by every
// test of the package, stopped by Main.
var shared node

// URL returns the engine's base URL, or ends the test: Fatal under CI=true,
// Skip elsewhere, with the reason either way.
func URL(t testing.TB) string {
	t.Helper()
	shared.once.Do(func() { shared.url, shared.err = shared.start() })
	if shared.err != nil {
		msg := fmt.Sprintf("searchtest: no Elasticsearch-API engine: %v (set %s, or install Java 17 and Maven so that deploy/opensearch/opensearch.sh can start OpenSearch)", shared.err, EnvURL)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip("SKIPPED LOUDLY: " + msg)
	}
	return shared.url
}

// Prefix returns a name prefix unique to this test, for its indexes.
func Prefix(t testing.TB) string {
	return fmt.Sprintf("t%d-%d-", os.Getpid(), shared.counter.Add(1))
}

func (n *node) start() (string, error) {
	if u := os.Getenv(EnvURL); u != "" {
		return strings.TrimRight(u, "/"), ping(u)
	}
	script, err := findScript()
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "parley-searchtest-")
	if err != nil {
		return "", fmt.Errorf("searchtest: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, script, "start", filepath.Join(dir, "node"))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		_ = os.RemoveAll(dir)
		return "", fmt.Errorf("searchtest: %s start: %w", script, err)
	}
	n.dir, n.script = dir, script
	return strings.TrimSpace(string(out)), nil
}

func ping(u string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(u, "/")+"/_cluster/health", nil)
	if err != nil {
		return fmt.Errorf("searchtest: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("searchtest: %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("searchtest: %s: health answered %s", u, resp.Status)
	}
	return nil
}

// findScript walks up from the working directory to the module root.
func findScript() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("searchtest: %w", err)
	}
	for {
		s := filepath.Join(dir, "deploy", "opensearch", "opensearch.sh")
		if _, err := os.Stat(s); err == nil {
			return s, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("searchtest: deploy/opensearch/opensearch.sh not found above the working directory")
		}
		dir = parent
	}
}

// Main wraps a package's TestMain: it runs the tests, then stops the node
// this binary started, if any.
func Main(m interface{ Run() int }) { os.Exit(Wrap(m).Run()) }

// Wrap returns m with a Run that also stops the node afterwards, to combine
// with pgtest.Main: pgtest.Main(searchtest.Wrap(m)).
func Wrap(m interface{ Run() int }) interface{ Run() int } { return runner{m} }

type runner struct{ m interface{ Run() int } }

func (r runner) Run() int {
	code := r.m.Run()
	if shared.dir != "" {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		_ = exec.CommandContext(ctx, shared.script, "stop", filepath.Join(shared.dir, "node")).Run()
		cancel()
		_ = os.RemoveAll(shared.dir)
	}
	return code
}
