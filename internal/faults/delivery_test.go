package faults_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/faults"
	"github.com/parley-inbox/parley/projections"
	"github.com/parley-inbox/parley/projections/live"
)

// duplicatedDelivery runs inbox and live with every subscribed event
// delivered twice, one event per transaction (no catch-up batches, so every
// delivery goes through the duplicate path).
func duplicatedDelivery(t *testing.T, s *suite) faults.Row {
	head, events := s.head(t)
	p := s.freshInbox(t, "dup")
	s.resetLive(t)
	dup := &faults.DuplicatingStore{Store: s.store}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	err := s.run(ctx, dup, []projections.Projector{p, live.NewProjector(nil)}, head, projections.Config{CatchUp: projections.CatchUpConfig{BatchSize: 1}})
	if err != nil || ctx.Err() != nil {
		t.Fatalf("run: %v (%v)", err, ctx.Err())
	}
	res := s.compare(t, p, true)
	return faults.Row{Events: events, Runs: int(dup.Delivered.Load()), Result: fmt.Sprintf("%s; %d deliveries", res, dup.Delivered.Load())}
}

// shuffledStreams applies the whole log straight to a fresh inbox projector
// in an order shuffled across streams (each stream keeps its own order), in
// transactions of random size, as a consumer partitioned by stream would.
// The live feed is ordered by position by design and is not shuffled.
func shuffledStreams(t *testing.T, s *suite) faults.Row {
	ctx := t.Context()
	_, events := s.head(t)
	var all []eventstore.RecordedEvent
	for after := uint64(0); ; {
		evs, err := s.store.ReadAll(ctx, after, 5000)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) == 0 {
			break
		}
		all = append(all, evs...)
		after = evs[len(evs)-1].Position
	}
	rnd := rand.New(rand.NewPCG(s.seed, 11))
	order := shuffleStreams(all, rnd)
	p := s.freshInbox(t, "shuffle")
	txs := 0
	for len(order) > 0 {
		n := min(len(order), 1+rnd.IntN(200))
		tx, err := s.pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.ApplyBatch(ctx, tx, order[:n]); err != nil {
			_ = tx.Rollback(ctx)
			t.Fatalf("apply: %v", err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		order, txs = order[n:], txs+1
	}
	return faults.Row{Events: events, Runs: txs, Result: s.compare(t, p, false) + fmt.Sprintf("; %d transactions", txs)}
}

// shuffleStreams interleaves the streams of evs at random, keeping each
// stream's events in order.
func shuffleStreams(evs []eventstore.RecordedEvent, rnd *rand.Rand) []eventstore.RecordedEvent {
	byStream := map[string][]eventstore.RecordedEvent{}
	var names []string
	for _, ev := range evs {
		if _, ok := byStream[ev.Stream]; !ok {
			names = append(names, ev.Stream)
		}
		byStream[ev.Stream] = append(byStream[ev.Stream], ev)
	}
	out := make([]eventstore.RecordedEvent, 0, len(evs))
	for len(names) > 0 {
		i := rnd.IntN(len(names))
		q := byStream[names[i]]
		take := min(len(q), 1+rnd.IntN(3))
		out = append(out, q[:take]...)
		byStream[names[i]] = q[take:]
		if len(q) == take {
			names = append(names[:i], names[i+1:]...)
		}
	}
	return out
}
