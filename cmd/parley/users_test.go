package main

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/auth"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestUsersAndTokensCreate(t *testing.T) {
	url := pgtest.URL(t)
	env := func(k string) (string, bool) {
		if k == envUserPassword {
			return "a long enough password", true
		}
		return "", false
	}
	code, out, errOut := runCLI(t, env, "users", "create", "--postgres-url", url, "--account", "acme", "--email", "Ann@Acme.test", "--name", "Ann", "--role", "administrator", "--id", "ann")
	if code != 0 || !strings.Contains(out, "created user ann (ann@acme.test, role administrator) in account acme") || strings.Contains(out, "password") {
		t.Fatalf("users create: %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, nil, "users", "create", "--postgres-url", url, "--account", "acme", "--email", "ann@acme.test", "--name", "Ann 2")
	if code != 1 || !strings.Contains(errOut, "e-mail") {
		t.Fatalf("a taken e-mail: %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, nil, "tokens", "create", "--postgres-url", url, "--account", "acme", "--name", "CRM", "--client-id", "crm", "--expires", "720h")
	if code != 0 || !strings.Contains(out, auth.TokenPrefix) {
		t.Fatalf("tokens create: %d\n%s%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	token := lines[len(lines)-1]
	id, secret, ok := auth.ParseToken(token)
	if !ok {
		t.Fatalf("printed token %q does not parse", token)
	}
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	stored, err := auth.NewStore(pool).Token(context.Background(), id)
	if err != nil || string(stored.Hash) != string(auth.HashSecret(secret)) || stored.AccountID != "acme" {
		t.Fatalf("stored token %+v, %v", stored, err)
	}
	if code, _, errOut := runCLI(t, nil, "tokens", "create", "--postgres-url", url, "--account", "nowhere", "--name", "x", "--client-id", "x"); code != 1 || !strings.Contains(errOut, "does not exist") {
		t.Fatalf("token in a missing account: %d %s", code, errOut)
	}
	if code, _, _ := runCLI(t, nil, "users", "list"); code != 2 {
		t.Fatalf("users list: code %d, want a usage error", code)
	}
}
