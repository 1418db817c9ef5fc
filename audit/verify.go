package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore/postgres"
)

// ChainVerifier is what the check needs of the event store:
// (*postgres.Store).VerifyChain.
type ChainVerifier interface {
	VerifyChain(ctx context.Context, account string) (*postgres.Break, error)
}

// Verification is the outcome of a chain check.
type Verification struct {
	Account  string        `json:"account,omitempty"` // empty: every account
	OK       bool          `json:"ok"`
	Accounts int           `json:"accounts_checked"`
	Streams  int64         `json:"streams_checked"`
	Events   int64         `json:"events_checked"`
	Break    *BreakInfo    `json:"break,omitempty"`
	Elapsed  time.Duration `json:"-"`
	Took     string        `json:"took"`
}

// BreakInfo is the first event whose stored hash does not match its content.
type BreakInfo struct {
	Account  string `json:"account"`
	Stream   string `json:"stream"`
	Revision uint64 `json:"revision"`
	Position uint64 `json:"position"`
	Expected string `json:"expected_hash"`
	Stored   string `json:"stored_hash"`
}

// AccountCheck is the progress of a check: one account done.
type AccountCheck struct {
	Account         string
	Streams         int64
	Events          int64
	Done, Of        int
	EventsSoFar     int64
	Elapsed         time.Duration
	BreakFound      bool
	EventsPerSecond float64
}

// Verify walks the hash chains of account (every account when empty), one
// account at a time, calling progress after each, and stops at the first
// break. The counts come from the stores' tables (eventstore.streams and
// eventstore.events), read before each account is checked.
func Verify(ctx context.Context, pool *pgxpool.Pool, chains ChainVerifier, account string, progress func(AccountCheck)) (Verification, error) {
	start := time.Now()
	res := Verification{Account: account, OK: true}
	accounts := []string{account}
	if account == "" {
		rows, err := pool.Query(ctx, `SELECT DISTINCT account_id FROM eventstore.streams ORDER BY 1`)
		if err != nil {
			return res, fmt.Errorf("audit: verify: list accounts: %w", err)
		}
		if accounts, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return res, fmt.Errorf("audit: verify: list accounts: %w", err)
		}
	}
	for i, a := range accounts {
		var streams, events int64
		if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM eventstore.streams WHERE account_id = $1),
			(SELECT count(*) FROM eventstore.events WHERE account_id = $1)`, a).Scan(&streams, &events); err != nil {
			return res, fmt.Errorf("audit: verify %s: count: %w", a, err)
		}
		b, err := chains.VerifyChain(ctx, a)
		if err != nil {
			return res, fmt.Errorf("audit: verify %s: %w", a, err)
		}
		res.Accounts, res.Streams, res.Events = i+1, res.Streams+streams, res.Events+events
		res.Elapsed = time.Since(start)
		if progress != nil {
			progress(AccountCheck{Account: a, Streams: streams, Events: events, Done: i + 1, Of: len(accounts),
				EventsSoFar: res.Events, Elapsed: res.Elapsed, BreakFound: b != nil,
				EventsPerSecond: float64(res.Events) / max(res.Elapsed.Seconds(), 1e-9)})
		}
		if b != nil {
			res.OK = false
			res.Break = &BreakInfo{Account: a, Stream: b.Stream, Revision: b.Revision, Position: b.Position,
				Expected: fmt.Sprintf("%x", b.Expected), Stored: fmt.Sprintf("%x", b.Stored)}
			break
		}
	}
	res.Elapsed = time.Since(start)
	res.Took = res.Elapsed.Round(time.Millisecond).String()
	return res, nil
}
