package pgtimeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/projections/timeline"
)

// Store reads the timeline tables of one prefix; it implements
// timeline.Reader.
type Store struct {
	db *pgxpool.Pool
	t  tables
}

// NewStore returns a reader of the tables of prefix ("timeline" if empty).
func NewStore(db *pgxpool.Pool, prefix string) (*Store, error) {
	t, err := tablesFor(prefix)
	if err != nil {
		return nil, err
	}
	return &Store{db: db, t: t}, nil
}

// DocStore is the store's documents for a folder outside a projection
// transaction (tests, repairs).
func (s *Store) DocStore() timeline.DocStore { return docStore{q: s.db, t: s.t} }

var _ timeline.Reader = (*Store)(nil)

// Conversation returns the conversation's state document.
func (s *Store) Conversation(ctx context.Context, accountID, conversationID string) (timeline.Conversation, error) {
	docs, err := queryDocs[timeline.Conversation](ctx, s.db, `SELECT doc FROM `+s.t.conversations+` WHERE id = $1 AND account_id = $2`,
		[]any{conversationID, accountID})
	if err != nil {
		return timeline.Conversation{}, wrap("conversation", err)
	}
	if len(docs) == 0 {
		return timeline.Conversation{}, fmt.Errorf("%w: conversation %s", timeline.ErrNotFound, conversationID)
	}
	return docs[0], nil
}

// Timeline returns a page of a conversation's entries.
func (s *Store) Timeline(ctx context.Context, accountID, conversationID string, q timeline.TimelineQuery) (timeline.TimelinePage, error) {
	if err := q.Normalize(); err != nil {
		return timeline.TimelinePage{}, err
	}
	if _, err := s.Conversation(ctx, accountID, conversationID); err != nil {
		return timeline.TimelinePage{}, err
	}
	w := &where{}
	w.add("account_id = %s", accountID)
	w.add("conversation_id = %s", conversationID)
	if len(q.Kinds) > 0 {
		w.add("kind = ANY(%s)", q.Kinds)
	}
	if q.AgentID != "" {
		w.add("actor_kind = 'agent' AND actor_id = %s", q.AgentID)
	}
	if !q.From.IsZero() {
		w.add("at >= %s", q.From)
	}
	if !q.To.IsZero() {
		w.add("at < %s", q.To)
	}
	order, cmp := "ASC", ">"
	if q.Newest {
		order, cmp = "DESC", "<"
	}
	if q.After > 0 {
		w.add("position "+cmp+" %s", int64(q.After))
	}
	sql := fmt.Sprintf(`SELECT doc FROM %s WHERE %s ORDER BY position %s LIMIT %d`, s.t.entries, w.sql(), order, q.Limit+1)
	entries, err := queryDocs[timeline.Entry](ctx, s.db, sql, w.args)
	if err != nil {
		return timeline.TimelinePage{}, wrap("timeline", err)
	}
	page := timeline.TimelinePage{Entries: entries}
	if len(entries) > q.Limit {
		page.Entries = entries[:q.Limit]
		page.Next = page.Entries[q.Limit-1].Position
	}
	return page, nil
}

// where builds a conjunction with numbered parameters.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, arg any) {
	w.args = append(w.args, arg)
	w.conds = append(w.conds, fmt.Sprintf(cond, fmt.Sprintf("$%d", len(w.args))))
}

func (w *where) param(arg any) string {
	w.args = append(w.args, arg)
	return fmt.Sprintf("$%d", len(w.args))
}

func (w *where) sql() string {
	out := ""
	for i, c := range w.conds {
		if i > 0 {
			out += " AND "
		}
		out += "(" + c + ")"
	}
	if out == "" {
		return "true"
	}
	return out
}

func queryDocs[T any](ctx context.Context, db *pgxpool.Pool, sql string, args []any) ([]T, error) {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		var d T
		if err := json.Unmarshal(raw, &d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// wrap marks failures to reach the database as timeline.ErrUnavailable.
func wrap(op string, err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("pgtimeline: %s: %w", op, err)
	}
	return fmt.Errorf("pgtimeline: %s: %w: %w", op, timeline.ErrUnavailable, err)
}
