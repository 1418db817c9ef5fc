package inbox

import (
	"context"
	"testing"
)

// conversation_tags holds exactly one row per (conversation, lower-case tag)
// with the conversation's status, last activity, tags, inbox and assignee,
// whatever the batching; and a schema made before the table or one of
// those columns existed gets it filled by Migrate.
func TestConversationTagsFollowTheRows(t *testing.T) {
	ctx := context.Background()
	evs := generated(t, 200, 2)
	pool := newDB(t, "inbox")
	project(t, pool, newProjector(t, "inbox"), evs, 13)

	const mismatch = `SELECT count(*) FROM (
  (SELECT c.id, k, c.account_id, c.status, c.last_activity_at, c.tag_keys, c.inbox_id, c.assignee_id FROM inbox.conversations c, unnest(c.tag_keys) k
   EXCEPT SELECT conversation_id, tag_key, account_id, status, last_activity_at, tag_keys, inbox_id, assignee_id FROM inbox.conversation_tags)
  UNION ALL
  (SELECT conversation_id, tag_key, account_id, status, last_activity_at, tag_keys, inbox_id, assignee_id FROM inbox.conversation_tags
   EXCEPT SELECT c.id, k, c.account_id, c.status, c.last_activity_at, c.tag_keys, c.inbox_id, c.assignee_id FROM inbox.conversations c, unnest(c.tag_keys) k)) d`
	check := func(what string) {
		t.Helper()
		var bad, rows int
		if err := pool.QueryRow(ctx, mismatch).Scan(&bad); err != nil {
			t.Fatal(err)
		}
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM inbox.conversation_tags`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if bad != 0 || rows == 0 {
			t.Fatalf("%s: %d tag rows, %d differ from the conversations", what, rows, bad)
		}
	}
	check("projected")

	// A table made before it carried the conversation's tags gets them.
	if _, err := pool.Exec(ctx, `ALTER TABLE inbox.conversation_tags DROP COLUMN tag_keys`); err != nil {
		t.Fatal(err)
	}
	if err := Migrate(ctx, pool, "inbox"); err != nil {
		t.Fatal(err)
	}
	check("tag_keys added by Migrate")
	if _, err := pool.Exec(ctx, `ALTER TABLE inbox.conversation_tags DROP COLUMN inbox_id, DROP COLUMN assignee_id`); err != nil {
		t.Fatal(err)
	}
	if err := Migrate(ctx, pool, "inbox"); err != nil {
		t.Fatal(err)
	}
	check("inbox_id and assignee_id added by Migrate")
	var assigned int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM inbox.conversation_tags WHERE assignee_id <> ''`).Scan(&assigned); err != nil || assigned == 0 {
		t.Fatalf("no tagged conversation is assigned (%v): the check above proves little", err)
	}

	if _, err := pool.Exec(ctx, `DROP TABLE inbox.conversation_tags`); err != nil {
		t.Fatal(err)
	}
	if err := Migrate(ctx, pool, "inbox"); err != nil {
		t.Fatal(err)
	}
	check("backfilled by Migrate")
}

// The per-inbox count dimensions are kept by the projector and, for a
// database made before them, counted once by Migrate: both give the same
// rows.
func TestPerInboxCountsBackfilledByMigrate(t *testing.T) {
	ctx := context.Background()
	pool := newDB(t, "inbox")
	project(t, pool, newProjector(t, "inbox"), generated(t, 200, 2), 17)
	const rowsSQL = `SELECT coalesce(string_agg(r, ',' ORDER BY r), '') FROM (
SELECT account_id || '|' || dimension || '|' || key || '|' || status || '|' || n AS r FROM inbox.counts WHERE dimension LIKE 'inbox\_%') x`
	var projected, backfilled string
	if err := pool.QueryRow(ctx, rowsSQL).Scan(&projected); err != nil {
		t.Fatal(err)
	}
	if projected == "" {
		t.Fatal("the projector kept no per-inbox counts")
	}
	if _, err := pool.Exec(ctx, `DELETE FROM inbox.counts WHERE dimension LIKE 'inbox\_%'`); err != nil {
		t.Fatal(err)
	}
	if err := Migrate(ctx, pool, "inbox"); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, rowsSQL).Scan(&backfilled); err != nil {
		t.Fatal(err)
	}
	if backfilled != projected {
		t.Fatalf("backfilled per-inbox counts differ from the projected ones:\n%s\n%s", backfilled, projected)
	}
}
