package estimeline_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/parley-inbox/parley/projections/timeline/estimeline"
)

func TestConfigFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if _, ok, err := estimeline.ConfigFromEnv(env(nil)); ok || err != nil {
		t.Fatalf("no URL: ok %v err %v", ok, err)
	}
	cfg, ok, err := estimeline.ConfigFromEnv(env(map[string]string{estimeline.EnvURL: "http://a:9200, http://b:9200",
		estimeline.EnvOpenSearchCompat: "true"}))
	if !ok || err != nil || len(cfg.Addresses) != 2 || !cfg.OpenSearchCompat || cfg.Prefix != "parley" {
		t.Fatalf("cfg %+v ok %v err %v", cfg, ok, err)
	}
	if _, _, err := estimeline.ConfigFromEnv(env(map[string]string{estimeline.EnvURL: "http://a", estimeline.EnvOpenSearchCompat: "maybe"})); err == nil {
		t.Fatal("a bad boolean was accepted")
	}
	if _, _, err := estimeline.ConfigFromEnv(env(map[string]string{estimeline.EnvURL: "http://a", estimeline.EnvPrefix: "Bad Prefix"})); err == nil {
		t.Fatal("a bad prefix was accepted")
	}
}

// TestCompatIsOffByDefault: without the option the client refuses a server
// that does not say it is Elasticsearch, as go-elasticsearch v8 does.
func TestCompatIsOffByDefault(t *testing.T) {
	c, err := estimeline.New(estimeline.Config{Addresses: []string{serverWithoutProductHeader(t)}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Ping(t.Context()); err == nil {
		t.Fatal("a server without X-Elastic-Product was accepted with the compat option off")
	}
	c, err = estimeline.New(estimeline.Config{Addresses: []string{serverWithoutProductHeader(t)}, OpenSearchCompat: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Ping(t.Context()); err != nil {
		t.Fatalf("with the compat option: %v", err)
	}
}

// TestSetupWhenReachableStopsWithTheContext: while the engine cannot be
// reached it keeps trying, and returns when the context ends.
func TestSetupWhenReachableStopsWithTheContext(t *testing.T) {
	c, err := estimeline.New(estimeline.Config{Addresses: []string{"http://127.0.0.1:1"}, OpenSearchCompat: true,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
	defer cancel()
	if err := c.SetupWhenReachable(ctx); err != nil {
		t.Fatalf("SetupWhenReachable = %v, want nil once ctx ends", err)
	}
}
