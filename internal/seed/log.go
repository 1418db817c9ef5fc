package seed

import (
	"math/rand/v2"
	"time"

	"github.com/parley-inbox/parley/eventstore"
)

// Log lays conversations 0..n-1 (and their contacts) out as a recorded log
// without a store, for projector tests and benchmarks: streams are
// interleaved pseudo-randomly (from interleave) while each stream keeps its
// order, as concurrent appends would leave them. Positions start at 1.
func (g *Generator) Log(n int, interleave uint64) ([]eventstore.RecordedEvent, error) {
	return g.LogRange(0, n, 1, interleave)
}

// LogRange lays out conversations from..to-1 the same way, with positions
// starting at firstPosition, so that a large log can be produced and
// applied a chunk at a time.
func (g *Generator) LogRange(from, to int, firstPosition uint64, interleave uint64) ([]eventstore.RecordedEvent, error) {
	var streams []Stream
	for i := from; i < to; i++ {
		h, err := g.History(i)
		if err != nil {
			return nil, err
		}
		if h.Contact != nil {
			streams = append(streams, *h.Contact)
		}
		streams = append(streams, h.Conversation)
	}
	r := rand.New(rand.NewPCG(interleave, 7))
	next := make([]int, len(streams))
	live := make([]int, len(streams))
	for i := range live {
		live[i] = i
	}
	var out []eventstore.RecordedEvent
	for len(live) > 0 {
		// Mostly take from a recent stream, sometimes from any: appends of
		// one command are contiguous, streams overlap in time.
		k := r.IntN(min(len(live), 8))
		s := live[k]
		take := 1 + r.IntN(3)
		for ; take > 0 && next[s] < len(streams[s].Events); take-- {
			ev := streams[s].Events[next[s]]
			out = append(out, eventstore.RecordedEvent{
				EventData: ev, Stream: streams[s].Name, Revision: uint64(next[s]),
				Position: firstPosition + uint64(len(out)), RecordedAt: ev.Metadata.OccurredAt.Add(time.Millisecond),
			})
			next[s]++
		}
		if next[s] == len(streams[s].Events) {
			live = append(live[:k], live[k+1:]...)
		}
	}
	return out, nil
}
