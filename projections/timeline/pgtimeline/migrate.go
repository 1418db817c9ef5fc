package pgtimeline

import (
	"context"
	"fmt"
	"regexp"

	"github.com/jackc/pgx/v5/pgxpool"
)

// tables names the four tables of one version of the read model.
type tables struct {
	entries, sessions, conversations, contacts string
}

var validPrefix = regexp.MustCompile(`^[a-z][a-z0-9_]{0,40}$`)

func tablesFor(prefix string) (tables, error) {
	if prefix == "" {
		prefix = "timeline"
	}
	if !validPrefix.MatchString(prefix) {
		return tables{}, fmt.Errorf("pgtimeline: table prefix %q must match %s", prefix, validPrefix)
	}
	return tables{prefix + "_entries", prefix + "_sessions", prefix + "_conversations", prefix + "_contacts"}, nil
}

// Migrate creates the tables of prefix ("timeline" if empty) if they do
// not exist. A side-by-side rebuild migrates a new prefix ("timeline_v2").
func Migrate(ctx context.Context, db *pgxpool.Pool, prefix string) error {
	t, err := tablesFor(prefix)
	if err != nil {
		return err
	}
	ddl := fmt.Sprintf(`
CREATE TABLE IF NOT EXISTS %[1]s (
  id text COLLATE "C" PRIMARY KEY,
  account_id text NOT NULL,
  conversation_id text NOT NULL,
  kind text NOT NULL,
  position bigint NOT NULL,
  at timestamptz NOT NULL,
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  channel text NOT NULL,
  inbox_id text NOT NULL,
  terms text[] NOT NULL,
  norm text NOT NULL,
  version bigint NOT NULL,
  doc jsonb NOT NULL);
CREATE INDEX IF NOT EXISTS %[1]s_conv ON %[1]s (account_id, conversation_id, position);
CREATE INDEX IF NOT EXISTS %[1]s_recent ON %[1]s (account_id, at DESC, id DESC);
CREATE INDEX IF NOT EXISTS %[1]s_terms ON %[1]s USING gin (terms);
CREATE TABLE IF NOT EXISTS %[2]s (
  id text COLLATE "C" PRIMARY KEY,
  account_id text NOT NULL,
  opened_at timestamptz NOT NULL,
  closed_at timestamptz,
  channel text NOT NULL,
  inbox_id text NOT NULL,
  team_id text NOT NULL,
  assignee_id text NOT NULL,
  tags text[] NOT NULL,
  first_response_seconds double precision,
  resolution_seconds double precision,
  reopened_after_close boolean NOT NULL,
  version bigint NOT NULL,
  doc jsonb NOT NULL);
CREATE INDEX IF NOT EXISTS %[2]s_opened ON %[2]s (account_id, opened_at);
CREATE TABLE IF NOT EXISTS %[3]s (
  id text COLLATE "C" PRIMARY KEY,
  account_id text NOT NULL,
  tags text[] NOT NULL,
  version bigint NOT NULL,
  doc jsonb NOT NULL);
CREATE INDEX IF NOT EXISTS %[3]s_tags ON %[3]s USING gin (tags);
CREATE TABLE IF NOT EXISTS %[4]s (
  id text COLLATE "C" PRIMARY KEY,
  account_id text NOT NULL,
  at timestamptz NOT NULL,
  merged boolean NOT NULL,
  tags text[] NOT NULL,
  terms text[] NOT NULL,
  norm text NOT NULL,
  version bigint NOT NULL,
  doc jsonb NOT NULL);
CREATE INDEX IF NOT EXISTS %[4]s_terms ON %[4]s USING gin (terms);
`, t.entries, t.sessions, t.conversations, t.contacts)
	if _, err := db.Exec(ctx, ddl); err != nil {
		return fmt.Errorf("pgtimeline: migrate %s: %w", prefix, err)
	}
	return nil
}
