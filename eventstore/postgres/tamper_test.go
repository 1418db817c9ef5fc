package postgres_test

import (
	"bytes"
	"testing"

	"github.com/parley-inbox/parley/eventstore"
)

func TestVerifyChainFindsAlteredEvents(t *testing.T) {
	s, pool := newStore(t)
	ctx := t.Context()
	for _, stream := range []string{"conversation-a", "conversation-b"} {
		for range 3 {
			if _, err := s.Append(ctx, stream, eventstore.Any(), []eventstore.EventData{event(t, "e"), event(t, "e")}); err != nil {
				t.Fatal(err)
			}
		}
	}
	other := event(t, "e")
	other.Metadata.AccountID = "other"
	if _, err := s.Append(ctx, "conversation-other", eventstore.NoStream(), []eventstore.EventData{other}); err != nil {
		t.Fatal(err)
	}
	if b, err := s.VerifyChain(ctx, ""); err != nil || b != nil {
		t.Fatalf("VerifyChain on an intact log = %v, %v; want nil, nil", b, err)
	}

	// Rewrite one event's data, as someone with table access might.
	var position uint64
	err := pool.QueryRow(ctx, `UPDATE eventstore.events SET data = '{"n": 2}'
		WHERE stream_id = 'conversation-b' AND revision = 3 RETURNING position`).Scan(&position)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.VerifyChain(ctx, "acct")
	if err != nil || b == nil {
		t.Fatalf("VerifyChain after tampering = %v, %v; want a break", b, err)
	}
	if b.Stream != "conversation-b" || b.Revision != 3 || b.Position != position || bytes.Equal(b.Expected, b.Stored) {
		t.Fatalf("break = %s; want conversation-b revision 3 at %d", b, position)
	}
	if b, err := s.VerifyChain(ctx, "other"); err != nil || b != nil {
		t.Fatalf("VerifyChain of an untouched account = %v, %v; want nil, nil", b, err)
	}

	// Recomputing the altered row's own hash moves the break to its successor.
	_, err = pool.Exec(ctx, `UPDATE eventstore.events e SET hash = eventstore.event_hash(p.hash, e.id, e.stream_id, e.revision, e.type, e.schema_version, e.data, e.metadata)
		FROM eventstore.events p WHERE p.stream_id = e.stream_id AND p.revision = e.revision - 1
		AND e.stream_id = 'conversation-b' AND e.revision = 3`)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := s.VerifyChain(ctx, ""); err != nil || b == nil || b.Stream != "conversation-b" || b.Revision != 4 {
		t.Fatalf("VerifyChain after re-hashing one row = %v, %v; want a break at conversation-b revision 4", b, err)
	}
}

func TestVerifyChainChecksLastHash(t *testing.T) {
	s, pool := newStore(t)
	ctx := t.Context()
	if _, err := s.Append(ctx, "c", eventstore.NoStream(), []eventstore.EventData{event(t, "e"), event(t, "e")}); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE eventstore.streams SET last_hash = sha256('x') WHERE stream_id = 'c'`); err != nil {
		t.Fatal(err)
	}
	if b, err := s.VerifyChain(ctx, ""); err != nil || b == nil || b.Revision != 1 {
		t.Fatalf("VerifyChain with a wrong last_hash = %v, %v; want a break at revision 1", b, err)
	}
}
