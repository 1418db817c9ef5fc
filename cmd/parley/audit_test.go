package main

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/internal/pgtest"
)

// TestAuditVerifyAndReplay seeds a log through the CLI, checks that `parley
// audit verify` passes, alters one stored event directly in the database,
// and checks that it reports the break with its position and exits 1; then
// replays a conversation.
func TestAuditVerifyAndReplay(t *testing.T) {
	url := pgtest.URL(t)
	lookup := func(k string) (string, bool) {
		if k == "PARLEY_POSTGRES_URL" {
			return url, true
		}
		return "", false
	}
	for _, args := range [][]string{{"migrate"}, {"seed", "--conversations", "8", "--accounts", "2", "--seed", "4"}} {
		if code, _, stderr := runCLI(t, lookup, args...); code != 0 {
			t.Fatalf("parley %v: code %d\n%s", args, code, stderr)
		}
	}
	code, stdout, stderr := runCLI(t, lookup, "audit", "verify")
	if code != 0 || !strings.Contains(stdout, "OK: 2 accounts") || !strings.Contains(stdout, "checked account acct-1") {
		t.Fatalf("verify of an intact log: code %d\n%s%s", code, stdout, stderr)
	}

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var position string
	if err := conn.QueryRow(ctx, `UPDATE eventstore.events SET metadata = jsonb_set(metadata, '{actor,id}', '"someone-else"')
		WHERE stream_id = 'conversation-s4-c00000003' AND revision = 1 RETURNING position::text`).Scan(&position); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = runCLI(t, lookup, "audit", "verify", "--account", "acct-2")
	if code != 1 || !strings.Contains(stdout, "BREAK: account acct-2, stream conversation-s4-c00000003, revision 1, global position "+position) {
		t.Fatalf("verify after tampering: code %d, want 1 and the break at position %s:\n%s", code, position, stdout)
	}
	if code, stdout, _ = runCLI(t, lookup, "audit", "verify", "--account", "acct-1"); code != 0 {
		t.Fatalf("verify of the untouched account: code %d\n%s", code, stdout)
	}

	code, stdout, stderr = runCLI(t, lookup, "replay", "conversation", "s4-c00000000")
	if code != 0 || !strings.Contains(stdout, "#0    ") || !strings.Contains(stdout, "conversation.opened") || !strings.Contains(stdout, "=> status=") {
		t.Fatalf("replay: code %d\n%s%s", code, stdout, stderr)
	}
	lines := strings.Count(stdout, "\n   => ")
	code, stdout, _ = runCLI(t, lookup, "replay", "conversation", "s4-c00000000", "--until", "1")
	if code != 0 || strings.Count(stdout, "\n   => ") != 2 || lines <= 2 {
		t.Fatalf("replay --until 1: code %d, want 2 steps (of %d):\n%s", code, lines, stdout)
	}
	if code, _, _ = runCLI(t, lookup, "replay", "conversation"); code != 2 {
		t.Fatalf("replay without an id: code %d, want 2", code)
	}
}
