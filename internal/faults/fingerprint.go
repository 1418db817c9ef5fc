package faults

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/projections/inbox"
)

// Fingerprint is a hash per table ("inbox.conversations", "live_changes").
type Fingerprint map[string]string

// Diff lists the tables whose hashes differ, sorted; empty when equal.
func (f Fingerprint) Diff(other Fingerprint) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(f)) {
		if f[k] != other[k] {
			out = append(out, k)
		}
	}
	for k := range other {
		if _, ok := f[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

func (f Fingerprint) String() string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(f)) {
		fmt.Fprintf(&b, "%s=%s ", k, f[k][:8])
	}
	return strings.TrimSpace(b.String())
}

// InboxFingerprint hashes every table of the inbox views in schema
// (inbox.Fingerprint), keyed "inbox.<table>".
func InboxFingerprint(ctx context.Context, pool *pgxpool.Pool, schema string) (Fingerprint, error) {
	fp, err := inbox.Fingerprint(ctx, pool, schema)
	if err != nil {
		return nil, err
	}
	out := Fingerprint{}
	for t, h := range fp {
		out["inbox."+t] = h
	}
	return out, nil
}

// liveSQL hashes the live feed's rows without the columns a rebuild must
// change (seq numbers, insert times), in seq order: a feed whose rows are
// out of position order differs.
const liveSQL = `SELECT md5(coalesce(string_agg(row(account_id, conversation_id, contact_id, kind, event_type, stream,
position, stream_revision, payload)::text, E'\n' ORDER BY seq), '')), count(*) FROM live_changes`

// LiveFingerprint hashes live_changes, keyed "live_changes", and counts its rows.
func LiveFingerprint(ctx context.Context, pool *pgxpool.Pool) (Fingerprint, int, error) {
	var h string
	var n int
	if err := pool.QueryRow(ctx, liveSQL).Scan(&h, &n); err != nil {
		return nil, 0, fmt.Errorf("faults: live fingerprint: %w", err)
	}
	return Fingerprint{"live_changes": h}, n, nil
}
