package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-inbox/parley/internal/config"
)

// TestEmbeddedRun starts `parley serve` with nothing configured but a data
// directory: its own PostgreSQL (as an unprivileged user when root), a
// generated API key printed as a curl line, and a clean stop.
func TestEmbeddedRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	r := startServe(t, 2, "--data-dir="+dir, "--command-addr=127.0.0.1:0", "--query-addr=127.0.0.1:0")
	b, err := os.ReadFile(filepath.Join(dir, apiKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	keys, err := config.ParseAPIKeys(strings.TrimSpace(string(b)))
	if err != nil || len(keys) != 1 {
		t.Fatalf("key file %q: %v", b, err)
	}
	out := r.stdout.String()
	if !strings.Contains(out, "generated") || !strings.Contains(out, "curl -H 'Authorization: Bearer "+keys[0].Secret+"' http://"+r.addrs["command"]+"/api/v1/whoami") {
		t.Fatalf("no curl hint:\n%s", out)
	}
	if status, _, body := request(t, http.MethodGet, "http://"+r.addrs["command"]+"/api/v1/whoami", keys[0].Secret, "", nil); status != 200 || !strings.Contains(body, `"local"`) {
		t.Fatalf("whoami: %d %s", status, body)
	}
	if err := r.stop(); err != nil {
		t.Fatalf("stop: %v\n%s", err, r.logs.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "postgres", "postmaster.pid")); !os.IsNotExist(err) {
		t.Fatalf("PostgreSQL still running after serve returned (postmaster.pid: %v)", err)
	}

	// A second start keeps the data and the key.
	r = startServe(t, 2, "--data-dir="+dir, "--command-addr=127.0.0.1:0", "--query-addr=127.0.0.1:0")
	if out := r.stdout.String(); strings.Contains(out, "generated") || !strings.Contains(out, keys[0].Secret) {
		t.Fatalf("second start:\n%s", out)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
}
