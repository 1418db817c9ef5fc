package audit_test

import (
	"testing"

	"github.com/parley-inbox/parley/audit"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/seed"
)

func TestVerifyFindsAnAlteredEvent(t *testing.T) {
	e := newEnv(t, 20)
	ctx := t.Context()
	var calls int
	res, err := audit.Verify(ctx, e.pool, e.store, "", func(audit.AccountCheck) { calls++ })
	if err != nil || !res.OK || res.Accounts != 2 || calls != 2 || res.Events == 0 {
		t.Fatalf("intact log: %+v (%d progress calls), %v", res, calls, err)
	}
	stream := conversation.StreamName(e.gen.ConversationID(3)) // account 2
	var position uint64
	if err := e.pool.QueryRow(ctx, `UPDATE eventstore.events SET data = jsonb_set(data, '{tampered}', 'true')
		WHERE stream_id = $1 AND revision = 2 RETURNING position`, stream).Scan(&position); err != nil {
		t.Fatal(err)
	}
	res, err = audit.Verify(ctx, e.pool, e.store, "", nil)
	if err != nil || res.OK || res.Break == nil {
		t.Fatalf("after tampering: %+v, %v; want a break", res, err)
	}
	if b := res.Break; b.Stream != stream || b.Revision != 2 || b.Position != position || b.Account != seed.AccountID(1) {
		t.Fatalf("break %+v; want %s revision 2 at %d", b, stream, position)
	}
	if res, err := audit.Verify(ctx, e.pool, e.store, seed.AccountID(0), nil); err != nil || !res.OK {
		t.Fatalf("the untouched account: %+v, %v", res, err)
	}
}
