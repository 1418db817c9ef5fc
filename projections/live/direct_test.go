package live_test

import (
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections/live"
)

// recorded fabricates n recorded message events of account in conversation
// conv at positions from, from+1, ...; they bypass the event store.
func recorded(account, conv string, from uint64, n int) []eventstore.RecordedEvent {
	out := make([]eventstore.RecordedEvent, n)
	for i := range out {
		out[i] = eventstore.RecordedEvent{
			EventData: event(account, "conversation.message_received", map[string]any{"text": fmt.Sprintf("m%d", i)}),
			Stream:    "conversation-" + conv, Revision: uint64(i), Position: from + uint64(i),
		}
	}
	return out
}

// applyDirect applies evs with the live projector in one committed
// transaction, as the runtime's rebuild does.
func applyDirect(t *testing.T, db *pgxpool.Pool, evs []eventstore.RecordedEvent) {
	t.Helper()
	ctx := t.Context()
	tx, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if err := live.NewProjector(nil).ApplyBatch(ctx, tx, evs); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

// seqs lists the seqs of account's retained changes.
func seqs(t *testing.T, db *pgxpool.Pool, account string) []uint64 {
	t.Helper()
	chs, err := live.ReadAccount(t.Context(), db, account, 0, 1<<62, 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]uint64, len(chs))
	for i, ch := range chs {
		out[i] = ch.Seq
	}
	return out
}
