package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/eventstore"
)

// DefaultExportPage is how many events an export holds in memory at once.
const DefaultExportPage = 500

// Exporter streams an account's events over a time range as NDJSON from the
// PostgreSQL event store, one keyset page at a time (index
// events_account_occurred_at), so memory stays bounded whatever the size.
type Exporter struct {
	pool     *pgxpool.Pool
	codec    *domain.Codec
	pageSize int
}

// NewExporter returns an exporter over the event store in pool holding at
// most pageSize events at a time (DefaultExportPage if <= 0).
func NewExporter(pool *pgxpool.Pool, pageSize int) (*Exporter, error) {
	codec, err := Codec()
	if err != nil {
		return nil, err
	}
	if pageSize <= 0 {
		pageSize = DefaultExportPage
	}
	return &Exporter{pool: pool, codec: codec, pageSize: pageSize}, nil
}

// ExportStats say what an export did: events written, pages read and the
// largest page held in memory (never more than the page size).
type ExportStats struct {
	Events, Pages, MaxPage int
}

// exportSQL reads the next page in (occurred_at, position) order; events of
// transactions still running are not visible to it, so an export whose
// range reaches "now" may miss events committed while it runs.
const exportSQL = `SELECT position, stream_id, revision, id, type, schema_version, data, metadata, recorded_at, occurred_at
FROM eventstore.events
WHERE account_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND (occurred_at, position) > ($4, $5)
  AND (cardinality($6::text[]) = 0 OR type = ANY($6))
  AND ($7 = '' OR metadata->'actor'->>'kind' = $7) AND ($8 = '' OR metadata->'actor'->>'id' = $8)
ORDER BY occurred_at, position LIMIT $9`

// Export writes every event of account matching f to w, one JSON Record per
// line, in occurred-at order, calling flush after each page.
func (x *Exporter) Export(ctx context.Context, w io.Writer, flush func() error, account string, f Filter, seePII bool) (ExportStats, error) {
	var st ExportStats
	from, to := f.From, f.To
	if from.IsZero() {
		from = time.Unix(0, 0).UTC()
	}
	if to.IsZero() {
		to = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	afterAt, afterPos := from.Add(-time.Microsecond), int64(math.MinInt64)
	types := f.Types
	if types == nil {
		types = []string{}
	}
	enc := json.NewEncoder(w)
	for {
		page, err := x.page(ctx, account, from, to, afterAt, afterPos, types, f)
		if err != nil {
			return st, err
		}
		st.Pages++
		st.MaxPage = max(st.MaxPage, len(page))
		for _, ev := range page {
			if err := enc.Encode(NewRecord(x.codec, ev.RecordedEvent, seePII)); err != nil {
				return st, fmt.Errorf("audit: export: write: %w", err)
			}
			st.Events++
		}
		if flush != nil {
			if err := flush(); err != nil {
				return st, fmt.Errorf("audit: export: flush: %w", err)
			}
		}
		if len(page) < x.pageSize {
			return st, nil
		}
		last := page[len(page)-1]
		afterAt, afterPos = last.occurredAt, int64(last.Position)
	}
}

// pagedEvent keeps the stored occurred_at (microseconds) for the keyset.
type pagedEvent struct {
	eventstore.RecordedEvent
	occurredAt time.Time
}

func (x *Exporter) page(ctx context.Context, account string, from, to, afterAt time.Time, afterPos int64, types []string, f Filter) ([]pagedEvent, error) {
	rows, err := x.pool.Query(ctx, exportSQL, account, from, to, afterAt, afterPos, types, f.ActorKind, f.ActorID, x.pageSize)
	if err != nil {
		return nil, fmt.Errorf("audit: export page: %w", err)
	}
	page, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (pagedEvent, error) {
		var e pagedEvent
		var position, revision int64
		var version int32
		err := row.Scan(&position, &e.Stream, &revision, &e.ID, &e.Type, &version, &e.Data, &e.Metadata, &e.RecordedAt, &e.occurredAt)
		e.Position, e.Revision, e.SchemaVersion = uint64(position), uint64(revision), int(version)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("audit: export page: %w", err)
	}
	return page, nil
}
