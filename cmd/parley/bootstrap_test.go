package main

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/internal/config"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestBootstrapCreatesTheFirstAdministratorOnce(t *testing.T) {
	ctx := context.Background()
	cfg := config.Serve{DB: config.Database{PostgresURL: pgtest.URL(t)}, APIKeys: "k=acme:agent:ann"}
	cfg.FlagSet()
	logger := slog.New(slog.DiscardHandler)
	db, err := openDatabase(ctx, cfg.DB, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := applyMigrations(ctx, db.Pool, migrations(cfg.EventStore), logger); err != nil {
		t.Fatal(err)
	}
	d, err := newDeps(ctx, cfg, db.Pool, logger, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Store.Close)
	parts, err := newAuthParts(d)
	if err != nil {
		t.Fatal(err)
	}
	env := func(k string) (string, bool) {
		v, ok := map[string]string{envBootstrapAccount: "acme", envBootstrapEmail: "boss@acme.test", envBootstrapPassword: "the first password"}[k]
		return v, ok
	}
	for range 2 { // the second start finds the account and does nothing
		if err := bootstrapAdmin(ctx, d, parts, env); err != nil {
			t.Fatal(err)
		}
	}
	accounts, err := command.NewAccounts(d.Store, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	st, ok, err := accounts.State(ctx, "acme")
	if err != nil || !ok || st.Users["admin"].Email != "boss@acme.test" || st.Users["admin"].Role != "administrator" {
		t.Fatalf("account %+v, %v, %v", st, ok, err)
	}
	hash, err := parts.store.PasswordHash(ctx, "acme", "admin")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := parts.hasher.Verify(ctx, hash, "the first password"); !ok || err != nil {
		t.Fatalf("password: %v %v", ok, err)
	}
	// A database with events but no such account is left alone unless asked.
	noEnv := func(string) (string, bool) { return "", false }
	if _, ok, err := bootstrapPlan(ctx, d, accounts, noEnv); ok || err != nil {
		t.Fatalf("bootstrap on a non-empty log without env: %v %v", ok, err)
	}
}
