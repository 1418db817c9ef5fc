package pgtimeline

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/parley-inbox/parley/projections/timeline"
)

// querier is what both a pool and a transaction offer.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// docStore is timeline.DocStore over q (the projector's transaction).
type docStore struct {
	q querier
	t tables
}

func (s docStore) Load(ctx context.Context, k timeline.Keys) (timeline.Docs, error) {
	var d timeline.Docs
	var err error
	if d.Conversations, err = loadDocs[timeline.Conversation](ctx, s.q, s.t.conversations, k.Conversations); err != nil {
		return d, err
	}
	if d.Sessions, err = loadDocs[timeline.Session](ctx, s.q, s.t.sessions, k.Sessions); err != nil {
		return d, err
	}
	if d.Entries, err = loadDocs[timeline.Entry](ctx, s.q, s.t.entries, k.Entries); err != nil {
		return d, err
	}
	d.Contacts, err = loadDocs[timeline.Contact](ctx, s.q, s.t.contacts, k.Contacts)
	return d, err
}

func loadDocs[T any](ctx context.Context, q querier, table string, ids []string) (map[string]T, error) {
	out := map[string]T{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, `SELECT id, doc FROM `+table+` WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("pgtimeline: load %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var raw []byte
		if err := rows.Scan(&id, &raw); err != nil {
			return nil, fmt.Errorf("pgtimeline: load %s: %w", table, err)
		}
		var doc T
		if err := json.Unmarshal(raw, &doc); err != nil {
			return nil, fmt.Errorf("pgtimeline: decode %s %s: %w", table, id, err)
		}
		out[id] = doc
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgtimeline: load %s: %w", table, err)
	}
	return out, nil
}

// Write upserts every changed document unless the stored one has the same
// or a higher version.
func (s docStore) Write(ctx context.Context, ch timeline.Changes) error {
	b := &pgx.Batch{}
	for _, e := range ch.Entries {
		text := e.Text
		if e.Kind != timeline.KindMessage && e.Kind != timeline.KindNote &&
			e.Kind != timeline.KindTranscription && e.Kind != timeline.KindSummary {
			text = ""
		}
		if err := queue(b, s.t.entries, `(id, account_id, conversation_id, kind, position, at, actor_kind, actor_id, channel, inbox_id, terms, norm, version, doc)
VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`, e,
			e.ID, e.AccountID, e.ConversationID, e.Kind, int64(e.Position), e.At, e.ActorKind, e.ActorID,
			e.Channel, e.InboxID, timeline.UniqueTerms(text), timeline.Norm(text), int64(e.Version)); err != nil {
			return err
		}
	}
	for _, x := range ch.Sessions {
		if err := queue(b, s.t.sessions, `(id, account_id, opened_at, closed_at, channel, inbox_id, team_id, assignee_id, tags, first_response_seconds, resolution_seconds, reopened_after_close, version, doc)
VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`, x,
			x.ID, x.AccountID, x.OpenedAt, x.ClosedAt, x.Channel, x.InboxID, x.TeamID, x.AssigneeID,
			nonNil(x.Tags), x.FirstResponseSeconds, x.ResolutionSeconds, x.ReopenedAfterClose, int64(x.Version)); err != nil {
			return err
		}
	}
	for _, c := range ch.Conversations {
		if err := queue(b, s.t.conversations, `(id, account_id, tags, version, doc) VALUES ($1,$2,$3,$4,$5)`, c,
			c.ID, c.AccountID, nonNil(c.Tags), int64(c.Version)); err != nil {
			return err
		}
	}
	for _, c := range ch.Contacts {
		if err := queue(b, s.t.contacts, `(id, account_id, at, merged, tags, terms, norm, version, doc) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, c,
			c.ID, c.AccountID, c.At, c.MergedInto != "", nonNil(c.Tags), timeline.UniqueTerms(c.DisplayName),
			timeline.Norm(c.DisplayName), int64(c.Version)); err != nil {
			return err
		}
	}
	if b.Len() == 0 {
		return nil
	}
	if err := s.q.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("pgtimeline: write: %w", err)
	}
	return nil
}

// queue adds a versioned upsert: cols/values name every column, the last
// argument being the version; doc is appended as the JSONB document.
func queue(b *pgx.Batch, table, colsValues string, doc any, args ...any) error {
	raw, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("pgtimeline: encode %s document: %w", table, err)
	}
	args = append(args, raw)
	b.Queue(`INSERT INTO `+table+` AS t `+colsValues+`
ON CONFLICT (id) DO UPDATE SET `+setAll(colsValues)+` WHERE t.version < EXCLUDED.version`, args...)
	return nil
}

// setAll is "c = EXCLUDED.c, ..." for every column of "(id, c, ...) VALUES".
func setAll(colsValues string) string {
	cols, _, _ := strings.Cut(strings.TrimPrefix(colsValues, "("), ")")
	var sets []string
	for _, c := range strings.Split(cols, ",") {
		if c = strings.TrimSpace(c); c != "id" {
			sets = append(sets, c+" = EXCLUDED."+c)
		}
	}
	return strings.Join(sets, ", ")
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
