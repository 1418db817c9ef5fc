package projections_test

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections"
)

// streamCounter is the shape of a read model: it counts the events of each
// stream and of the whole log into two tables named by prefix (so that a
// second instance can rebuild side by side into other tables).
//
// stream rows carry a revision guard (…WHERE last_revision < EXCLUDED…), as
// every projector's rows should. The totals row deliberately has none: it
// counts every Apply that committed, so any double application shows.
type streamCounter struct {
	name, prefix string
	// fail, if set, is consulted before each event (poison tests).
	fail func(eventstore.RecordedEvent) error
}

func (c *streamCounter) Name() string { return c.name }

// Handles skips the "test.Unknown" type, as a projector skips types it does
// not know; their positions are checkpointed all the same.
func (c *streamCounter) Handles(eventType string) bool { return eventType != "test.Unknown" }

func (c *streamCounter) Apply(ctx context.Context, tx pgx.Tx, ev eventstore.RecordedEvent) error {
	b := &pgx.Batch{}
	if err := c.queue(b, ev); err != nil {
		return err
	}
	return tx.SendBatch(ctx, b).Close()
}

// ApplyBatch is the rebuild fast path: one round trip for a whole batch.
func (c *streamCounter) ApplyBatch(ctx context.Context, tx pgx.Tx, evs []eventstore.RecordedEvent) error {
	b := &pgx.Batch{}
	for _, ev := range evs {
		if err := c.queue(b, ev); err != nil {
			return err
		}
	}
	return tx.SendBatch(ctx, b).Close()
}

func (c *streamCounter) queue(b *pgx.Batch, ev eventstore.RecordedEvent) error {
	if c.fail != nil {
		if err := c.fail(ev); err != nil {
			return err
		}
	}
	streams, totals := pgx.Identifier{c.prefix + "_streams"}.Sanitize(), pgx.Identifier{c.prefix + "_totals"}.Sanitize()
	b.Queue(`INSERT INTO `+streams+` AS s (stream, events, last_revision) VALUES ($1, 1, $2)
ON CONFLICT (stream) DO UPDATE SET events = s.events + 1, last_revision = EXCLUDED.last_revision
WHERE s.last_revision < EXCLUDED.last_revision`, ev.Stream, int64(ev.Revision))
	b.Queue(`UPDATE `+totals+` SET events = events + 1, position_sum = position_sum + $1`, int64(ev.Position))
	return nil
}

// createCounterTables makes the tables of a streamCounter with prefix.
func createCounterTables(ctx context.Context, db *pgxpool.Pool, prefix string) error {
	streams, totals := pgx.Identifier{prefix + "_streams"}.Sanitize(), pgx.Identifier{prefix + "_totals"}.Sanitize()
	_, err := db.Exec(ctx, `CREATE TABLE `+streams+` (stream text PRIMARY KEY, events bigint NOT NULL, last_revision bigint NOT NULL);
CREATE TABLE `+totals+` (events bigint NOT NULL, position_sum numeric NOT NULL);
INSERT INTO `+totals+` VALUES (0, 0)`)
	return err
}

// Example_runtime wires a projector into the runtime (not run: it needs a
// database and an event store).
func Example_runtime() {
	ctx := context.Background()
	var db *pgxpool.Pool       // the views' database
	var store eventstore.Store // e.g. postgres.New(ctx, pool, postgres.Config{})
	if err := projections.Migrate(ctx, db); err != nil {
		panic(err)
	}
	progress := projections.NewProgress(db, projections.ProgressConfig{})
	go func() { _ = progress.Run(ctx) }()
	rt, err := projections.New(projections.Config{
		DB: db, Store: store, Progress: progress, Logger: slog.Default(),
		Projectors: []projections.Projector{&streamCounter{name: "counter", prefix: "counter"}},
	})
	if err != nil {
		panic(err)
	}
	go func() { _ = rt.Run(ctx) }()
	// In a query handler: read your own write at position 42.
	if err := progress.WaitFor(ctx, "counter", 42); err != nil {
		fmt.Println("503, Retry-After: 1")
	}
}
