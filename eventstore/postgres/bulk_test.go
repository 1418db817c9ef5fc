package postgres_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/eventstore/postgres"
)

// A bulk append lands like single appends: consecutive positions of one
// transaction, stream revisions, intact hash chains; a retry answers the
// original results; one failed expectation writes nothing at all.
func TestAppendStreamsIsOneTransactionOfAppends(t *testing.T) {
	ctx := t.Context()
	s, _ := newStore(t)
	if _, err := s.Append(ctx, "conv-b", eventstore.NoStream(), []eventstore.EventData{event(t, "Opened")}); err != nil {
		t.Fatal(err)
	}
	batch := []postgres.StreamAppend{
		{Stream: "conv-c", Expected: eventstore.NoStream(), Events: []eventstore.EventData{event(t, "Opened"), event(t, "Noted")}},
		{Stream: "conv-b", Expected: eventstore.Exact(0), Events: []eventstore.EventData{event(t, "Closed")}},
		{Stream: "conv-a", Expected: eventstore.Any(), Events: []eventstore.EventData{event(t, "Opened")}},
	}
	res, err := s.AppendStreams(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Revision != 1 || res[1].Revision != 1 || res[2].Revision != 0 {
		t.Fatalf("revisions %+v", res)
	}
	all, err := s.ReadAll(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 {
		t.Fatalf("%d events in the log, want 5", len(all))
	}
	for i, ev := range all[1:] { // one transaction: consecutive positions, streams in name order
		if ev.Position != all[1].Position+uint64(i) {
			t.Errorf("event %d at position %d, want %d", i+1, ev.Position, all[1].Position+uint64(i))
		}
	}
	if all[1].Stream != "conv-a" || all[4].Stream != "conv-c" || res[0].Position != all[4].Position {
		t.Errorf("unexpected layout: %s .. %s, result %+v", all[1].Stream, all[4].Stream, res)
	}
	if b, err := s.VerifyChain(ctx, ""); err != nil || b != nil {
		t.Fatalf("hash chains: %v, %v", b, err)
	}
	again, err := s.AppendStreams(ctx, batch)
	if err != nil || fmt.Sprint(again) != fmt.Sprint(res) {
		t.Fatalf("retry: %+v, %v; want %+v", again, err, res)
	}

	_, err = s.AppendStreams(ctx, []postgres.StreamAppend{
		{Stream: "conv-d", Expected: eventstore.NoStream(), Events: []eventstore.EventData{event(t, "Opened")}},
		{Stream: "conv-a", Expected: eventstore.Exact(7), Events: []eventstore.EventData{event(t, "Noted")}},
	})
	if !errors.Is(err, eventstore.ErrConflict) {
		t.Fatalf("conflicting bulk append: %v, want ErrConflict", err)
	}
	if _, err := s.ReadStream(ctx, "conv-d", eventstore.ReadStreamOptions{}); !errors.Is(err, eventstore.ErrStreamNotFound) {
		t.Fatalf("conv-d after a failed bulk append: %v, want not found", err)
	}
	_, err = s.AppendStreams(ctx, []postgres.StreamAppend{
		{Stream: "conv-e", Events: []eventstore.EventData{event(t, "Opened")}},
		{Stream: "conv-e", Events: []eventstore.EventData{event(t, "Noted")}},
	})
	if !errors.Is(err, eventstore.ErrInvalid) {
		t.Fatalf("a stream twice: %v, want ErrInvalid", err)
	}
}
