package dispatch

import (
	"context"
	"hash/fnv"
	"sync"
	"time"

	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// lanes sends the messages of different conversations concurrently and
// those of one conversation in log order: a conversation always maps to the
// same lane, each lane is one goroutine. The checkpoint only ever covers
// events whose sends are finished, so a restart redelivers every message in
// flight, and the ledger's claim keeps those from being sent twice.
type lanes struct {
	d      *Dispatcher
	queues []chan eventstore.RecordedEvent
	track  tracker
	wg     sync.WaitGroup
	cpMu   sync.Mutex
	stored uint64 // the checkpoint last stored
}

func newLanes(d *Dispatcher, n int) *lanes {
	l := &lanes{d: d, queues: make([]chan eventstore.RecordedEvent, n), track: tracker{finished: map[uint64]bool{}}}
	for i := range l.queues {
		l.queues[i] = make(chan eventstore.RecordedEvent, 16)
	}
	return l
}

// start runs the lanes and the periodic checkpoint writer until ctx ends.
func (l *lanes) start(ctx context.Context) {
	for _, q := range l.queues {
		l.wg.Go(func() { l.work(ctx, q) })
	}
	l.wg.Go(func() { l.checkpoints(ctx) })
}

// stop waits for the lanes (each finishes the message in hand) and then
// stores the final checkpoint.
func (l *lanes) stop(ctx context.Context) {
	l.wg.Wait()
	final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	l.store(final)
}

// submit hands an event to its conversation's lane; it blocks while that
// lane is full, which holds back the subscription.
func (l *lanes) submit(ctx context.Context, ev eventstore.RecordedEvent) error {
	convID, ok := conversation.IDFromStream(ev.Stream)
	if ev.Type != conversation.TypeMessageSent || !ok {
		l.track.skip(ev.Position)
		return nil
	}
	h := fnv.New32a()
	h.Write([]byte(convID))
	l.track.begin(ev.Position)
	select {
	case l.queues[h.Sum32()%uint32(len(l.queues))] <- ev:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// work dispatches a lane's events in order. A failure (the database, not
// the provider: those are recorded as outcomes) is retried with backoff, so
// the lane stalls rather than skipping a message. The message in hand is
// finished even when ctx ends, so that a shutdown does not leave its
// outcome unknown.
func (l *lanes) work(ctx context.Context, q chan eventstore.RecordedEvent) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-q:
			wait := l.d.cfg.Backoff
			for {
				err := l.d.dispatch(context.WithoutCancel(ctx), ev)
				if err == nil {
					l.track.finish(ev.Position)
					break
				}
				l.d.cfg.Logger.Error("channels: dispatch failed; retrying", "position", ev.Position, "stream", ev.Stream, "error", err)
				select {
				case <-ctx.Done():
					return
				case <-time.After(wait):
				}
				wait = min(wait*2, l.d.cfg.MaxBackoff)
			}
		}
	}
}

// checkpoints stores the tracker's mark every CheckpointInterval when it
// moved.
func (l *lanes) checkpoints(ctx context.Context) {
	tick := time.NewTicker(l.d.cfg.CheckpointInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			l.store(ctx)
		}
	}
}

func (l *lanes) store(ctx context.Context) {
	l.cpMu.Lock()
	defer l.cpMu.Unlock()
	if m := l.track.mark(); m > l.stored {
		if err := l.d.cfg.Ledger.StoreCheckpoint(ctx, l.d.cfg.Name, m); err != nil {
			l.d.cfg.Logger.Warn("channels: dispatcher checkpoint", "error", err)
			return
		}
		l.stored = m
	}
}

// tracker knows which positions are finished. Events arrive in log order;
// messages finish in any order; the mark is the highest position below
// which everything is finished.
type tracker struct {
	mu       sync.Mutex
	inflight []uint64 // submitted messages not yet finished at the head, ascending
	finished map[uint64]bool
	last     uint64 // highest position submitted
}

func (t *tracker) skip(pos uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.last = max(t.last, pos)
}

func (t *tracker) begin(pos uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.inflight = append(t.inflight, pos)
	t.last = max(t.last, pos)
}

func (t *tracker) finish(pos uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.finished[pos] = true
	for len(t.inflight) > 0 && t.finished[t.inflight[0]] {
		delete(t.finished, t.inflight[0])
		t.inflight = t.inflight[1:]
	}
}

func (t *tracker) mark() uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.inflight) == 0 {
		return t.last
	}
	return t.inflight[0] - 1
}
