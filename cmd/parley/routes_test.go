package main

import (
	"context"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/api/apitest"
	"github.com/parley-inbox/parley/internal/config"
	"github.com/parley-inbox/parley/internal/pgtest"
)

// servedEngines builds the engines `parley serve --role=all` serves, over a
// fresh database.
func servedEngines(t *testing.T) []*gin.Engine {
	t.Helper()
	ctx := context.Background()
	cfg := config.Serve{DB: config.Database{PostgresURL: pgtest.URL(t)}, APIKeys: "k=acme:agent:ann"}
	cfg.FlagSet() // sets the defaults
	logger := slog.New(slog.DiscardHandler)
	db, err := openDatabase(ctx, cfg.DB, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := applyMigrations(ctx, db.Pool, migrations(cfg.EventStore), logger); err != nil {
		t.Fatal(err)
	}
	keys, _ := config.ParseAPIKeys(cfg.APIKeys)
	d, err := newDeps(ctx, cfg, db.Pool, logger, keys)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Store.Close)
	p, err := buildProcess(cfg, d)
	if err != nil {
		t.Fatal(err)
	}
	var engines []*gin.Engine
	for _, s := range p.servers {
		engines = append(engines, s.handler.(*gin.Engine))
	}
	return engines
}

// TestServedRoutesAreDocumented checks, both ways, that what `parley serve`
// serves under /api/v1 is what api/openapi.yaml documents. The gaps listed
// in testdata/route_gaps.txt are known while routes are being documented and
// wired: a new gap fails the test, a closed one is logged so that its line is
// deleted. With the file empty this is apitest.CheckRoutesDocumented.
func TestServedRoutesAreDocumented(t *testing.T) {
	b, err := os.ReadFile("testdata/route_gaps.txt")
	if err != nil {
		t.Fatal(err)
	}
	var knownGaps []string
	for _, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			knownGaps = append(knownGaps, line)
		}
	}
	engines := servedEngines(t)
	undocumented, unserved, err := api.RouteDiff(api.OpenAPIDocument(), engines...)
	if err != nil {
		t.Fatal(err)
	}
	var gaps []string
	for _, r := range undocumented {
		gaps = append(gaps, "undocumented "+r)
	}
	for _, r := range unserved {
		gaps = append(gaps, "unserved "+r)
	}
	for _, g := range gaps {
		if !slices.Contains(knownGaps, g) {
			t.Errorf("new gap between parley serve and api/openapi.yaml: %s", g)
		}
	}
	var closed []string
	for _, g := range knownGaps {
		if !slices.Contains(gaps, g) {
			closed = append(closed, g)
		}
	}
	if len(closed) > 0 {
		t.Logf("closed gaps, delete these lines from testdata/route_gaps.txt:\n  %s", strings.Join(closed, "\n  "))
	}
	if len(knownGaps) == 0 {
		apitest.CheckRoutesDocumented(t, engines...)
	}
}
