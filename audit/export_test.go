package audit_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/parley-inbox/parley/audit"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/seed"
)

// TestExportIsCompleteInBoundedPages exports a few thousand events with a
// page of 64 and checks the count against the table, the order, and that no
// page held more than 64 events (memory is bounded by the page, whatever
// the size of the range).
func TestExportIsCompleteInBoundedPages(t *testing.T) {
	e := newEnv(t, 300)
	ctx := t.Context()
	const pageSize = 64
	x, err := audit.NewExporter(e.pool, pageSize)
	if err != nil {
		t.Fatal(err)
	}
	var want int
	if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM eventstore.events WHERE account_id = $1`, seed.AccountID(0)).Scan(&want); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	flushes := 0
	st, err := x.Export(ctx, &buf, func() error { flushes++; return nil }, seed.AccountID(0), audit.Filter{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if want < 2000 || st.Events != want {
		t.Fatalf("exported %d events; the account has %d (want >= 2000)", st.Events, want)
	}
	if st.MaxPage > pageSize || st.Pages < want/pageSize || flushes != st.Pages {
		t.Fatalf("stats %+v, %d flushes; want pages of at most %d, one flush each", st, flushes, pageSize)
	}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	lines, seen := 0, map[string]bool{}
	var prev audit.Record
	var times []time.Time
	for sc.Scan() {
		var r audit.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if r.AccountID != seed.AccountID(0) || seen[r.ID] || r.OccurredAt.Before(prev.OccurredAt) {
			t.Fatalf("line %d: %+v after %+v (duplicate, out of order or other account)", lines, r, prev)
		}
		seen[r.ID], prev = true, r
		times = append(times, r.OccurredAt)
		lines++
	}
	if lines != want {
		t.Fatalf("%d lines, want %d", lines, want)
	}

	// A filtered range: one type, half the time span.
	mid := times[len(times)/2]
	f := audit.Filter{Types: []string{conversation.TypeOpened}, From: mid}
	if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM eventstore.events WHERE account_id = $1 AND type = $2 AND occurred_at >= $3`,
		seed.AccountID(0), conversation.TypeOpened, mid).Scan(&want); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if st, err = x.Export(ctx, &buf, nil, seed.AccountID(0), f, false); err != nil || st.Events != want || want == 0 {
		t.Fatalf("filtered export: %+v, %v; want %d events", st, err, want)
	}
}
