package live

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Querier is what the readers need of a pool, a connection or a transaction.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

const changeColumns = `seq, account_id, coalesce(conversation_id, ''), coalesce(contact_id, ''), kind, event_type,
    stream, position, stream_revision, payload, created_at`

// ReadAfter returns up to limit changes of every account with seq > after,
// in seq order.
func ReadAfter(ctx context.Context, q Querier, after uint64, limit int) ([]Change, error) {
	rows, err := q.Query(ctx, `SELECT `+changeColumns+` FROM live_changes WHERE seq > $1 ORDER BY seq LIMIT $2`,
		int64(after), limit)
	if err != nil {
		return nil, fmt.Errorf("live: read changes after %d: %w", after, err)
	}
	return collect(rows)
}

// ReadAccount returns up to limit changes of account with after < seq <=
// through, in seq order.
func ReadAccount(ctx context.Context, q Querier, account string, after, through uint64, limit int) ([]Change, error) {
	rows, err := q.Query(ctx, `SELECT `+changeColumns+` FROM live_changes
WHERE account_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4`, account, int64(after), int64(through), limit)
	if err != nil {
		return nil, fmt.Errorf("live: read changes of %q after %d: %w", account, after, err)
	}
	return collect(rows)
}

func collect(rows pgx.Rows) ([]Change, error) {
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Change, error) {
		var ch Change
		var seq, pos, rev int64
		err := r.Scan(&seq, &ch.AccountID, &ch.ConversationID, &ch.ContactID, &ch.Kind, &ch.EventType,
			&ch.Stream, &pos, &rev, &ch.Payload, &ch.CreatedAt)
		ch.Seq, ch.Position, ch.StreamRevision = uint64(seq), uint64(pos), uint64(rev)
		return ch, err
	})
	if err != nil {
		return nil, fmt.Errorf("live: scan changes: %w", err)
	}
	return out, nil
}

// LatestSeq returns the highest seq ever handed out (0 if none); rows up to
// it are committed, given the projector's advisory lock.
func LatestSeq(ctx context.Context, q Querier) (uint64, error) {
	var seq int64
	err := q.QueryRow(ctx, `SELECT greatest(coalesce((SELECT max(seq) FROM live_changes), 0),
    (SELECT purged_through FROM live_horizon))`).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("live: read latest seq: %w", err)
	}
	return uint64(seq), nil
}

// Horizon returns the highest seq deleted by retention: a client that has
// seen less may have missed changes.
func Horizon(ctx context.Context, q Querier) (uint64, error) {
	var seq int64
	if err := q.QueryRow(ctx, `SELECT purged_through FROM live_horizon`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("live: read horizon: %w", err)
	}
	return uint64(seq), nil
}
