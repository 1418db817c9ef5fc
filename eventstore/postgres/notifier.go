package postgres

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// notifier wakes subscribers after appends commit. Appends only poke it; it
// sends one NOTIFY at a time, so a burst of appends costs one or two
// notifications instead of one each, and no append transaction holds the
// notification-queue lock while it commits.
type notifier struct {
	pool    *pgxpool.Pool
	channel string
	poke    chan struct{}
	stop    context.CancelFunc
	done    chan struct{}
}

// startNotifier runs the notifier until close; it keeps ctx's values but not
// its cancellation, since it lives as long as the Store.
func startNotifier(ctx context.Context, pool *pgxpool.Pool, channel string) *notifier {
	ctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	n := &notifier{pool: pool, channel: channel, poke: make(chan struct{}, 1), stop: stop, done: make(chan struct{})}
	go n.run(ctx)
	return n
}

// appended tells the notifier that an append committed; it never blocks.
func (n *notifier) appended() {
	select {
	case n.poke <- struct{}{}:
	default: // a notification is already due and will cover this append
	}
}

func (n *notifier) run(ctx context.Context) {
	defer close(n.done)
	for {
		select {
		case <-ctx.Done():
			return
		case <-n.poke:
		}
		nctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, err := n.pool.Exec(nctx, "SELECT pg_notify($1, '')", n.channel)
		cancel()
		if err != nil && ctx.Err() == nil {
			// Subscribers also re-read on their idle timeout, so a lost
			// wake-up delays them; it loses nothing.
			slog.Warn("eventstore: notify subscribers failed", "err", err)
		}
	}
}

func (n *notifier) close() {
	n.stop()
	<-n.done
}
