package faults_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/faults"
	"github.com/parley-inbox/parley/internal/seed"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/live"
)

// poison is one bad event and the repair a fixed release applies to it.
type poison struct {
	kind string
	ev   eventstore.EventData
	fix  func(eventstore.RecordedEvent) eventstore.RecordedEvent
}

func poisons(account string) []poison {
	meta := eventstore.Metadata{AccountID: account, Actor: eventstore.Actor{Kind: "contact", ID: "p"},
		OccurredAt: seed.Epoch().Add(200 * 24 * time.Hour), CommandID: "poison", CorrelationID: "poison", CausationID: "poison"}
	mk := func(typ string, version int, data string) eventstore.EventData {
		return eventstore.EventData{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte("parley/faults/poison/"+data)), Type: typ, SchemaVersion: version, Data: []byte(data), Metadata: meta}
	}
	good := `{"message_id":"p-%d","type":"text","text":"fixed","sent_at":"2026-07-20T08:00:00Z","received_at":"2026-07-20T08:00:00Z","session":1}`
	return []poison{
		{"bad JSON (wrong field types)", mk(conversation.TypeMessageReceived, 2, `{"message_id":42,"type":["text"]}`),
			func(ev eventstore.RecordedEvent) eventstore.RecordedEvent {
				ev.Data = fmt.Appendf(nil, good, 1)
				return ev
			}},
		{"unknown schema version", mk(conversation.TypeAssigned, 7, `{"agent_id":"p-agent","reason":"manual","shift":"night"}`),
			func(ev eventstore.RecordedEvent) eventstore.RecordedEvent {
				ev.SchemaVersion, ev.Data = 2, []byte(`{"agent_id":"p-agent","reason":"manual"}`)
				return ev
			}},
		{"failing upcaster (v1 media_url not a string)", mk(conversation.TypeMessageReceived, 1, `{"message_id":"p-3","type":"image","media_url":17}`),
			func(ev eventstore.RecordedEvent) eventstore.RecordedEvent {
				ev.Data = fmt.Appendf(nil, good, 3)
				return ev
			}},
	}
}

// poisonEvents appends three poison events to an existing conversation.
// The inbox projector must park each one (reported by ReadParked, never
// skipped) and halt; the live feed, which passes payloads through without
// decoding them, carries on; after each "release" that fixes it (a Fixer standing for the
// patched decoder) and Unpark, they are re-driven from their checkpoint.
// In the end the views must equal a rebuild by the fixed release.
func poisonEvents(t *testing.T, s *suite) faults.Row {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	ps := poisons(seed.AccountID(0))
	stream := conversation.StreamName(s.gen.ConversationID(0))
	for _, p := range ps {
		if _, err := s.store.Append(ctx, stream, eventstore.Any(), []eventstore.EventData{p.ev}); err != nil {
			t.Fatal(err)
		}
	}
	head, events := s.head(t)
	inboxP := s.freshInbox(t, "poison")
	s.resetLive(t)
	fixedInbox := faults.NewFixer(inboxP)
	projectors := []projections.Projector{fixedInbox, live.NewProjector(nil)}
	cfg := projections.Config{Retry: projections.RetryConfig{MaxTries: 2, InitialInterval: 10 * time.Millisecond}}

	var reported []string
	for _, p := range ps {
		runCtx, stopRun := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- s.run(runCtx, s.store, projectors, head, cfg) }()
		parked := s.waitParked(t, ctx)
		stopRun()
		<-done
		if len(parked) == 0 || parked[0].EventID != p.ev.ID {
			t.Fatalf("%s: parked %+v; want event %s parked", p.kind, parked, p.ev.ID)
		}
		reported = append(reported, fmt.Sprintf("%s parked by %s", p.kind, parked[0].Projector))
		t.Logf("parked: %s at %d by %s: %s", parked[0].Type, parked[0].Position, parked[0].Projector, parked[0].Error)
		fixedInbox.Repair(p.ev.ID, p.fix)
		for _, pk := range parked {
			if err := projections.Unpark(ctx, s.pool, pk.Projector); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.run(ctx, s.store, projectors, head, cfg); err != nil || ctx.Err() != nil {
		t.Fatalf("re-driven run: %v (%v)", err, ctx.Err())
	}
	if left, err := projections.ReadParked(ctx, s.pool); err != nil || len(left) > 0 {
		t.Fatalf("still parked after the fixes: %+v, %v", left, err)
	}
	res := s.compareWith(t, inboxP, true, func(a faults.Applier) projections.Projector {
		f := faults.NewFixer(a)
		for _, p := range ps {
			f.Repair(p.ev.ID, p.fix)
		}
		return f
	})
	return faults.Row{Events: events, Runs: len(ps), Result: fmt.Sprintf("%s; %s", res, strings.Join(reported, ", "))}
}

// waitParked polls the parked events until one appears (or a minute passes).
func (s *suite) waitParked(t *testing.T, ctx context.Context) []projections.ParkedEvent {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
		parked, err := projections.ReadParked(ctx, s.pool)
		if err != nil {
			t.Fatal(err)
		}
		if len(parked) > 0 {
			return parked
		}
		select {
		case <-time.After(25 * time.Millisecond):
		case <-ctx.Done():
			return nil
		}
	}
	return nil
}
