package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/eventstore"
)

// SubscriberApplicationName is the application_name of subscription
// connections, to find them in pg_stat_activity.
const SubscriberApplicationName = "parley-eventstore-subscriber"

// SubscribeAll delivers every event after position `after` to handle, in
// position order, until ctx ends, the Store is closed or handle fails (its
// error is returned, wrapped). It uses one dedicated connection, outside the
// pool, for LISTEN and for its reads, and closes it before returning.
func (s *Store) SubscribeAll(ctx context.Context, after uint64, handle func(context.Context, eventstore.RecordedEvent) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-s.done:
			cancel()
		case <-ctx.Done():
		}
	}()

	connCfg := s.pool.Config().ConnConfig.Copy()
	connCfg.RuntimeParams["application_name"] = SubscriberApplicationName
	conn, err := pgx.ConnectConfig(ctx, connCfg)
	if err != nil {
		return fmt.Errorf("postgres eventstore: subscribe: connect: %w", classify(err))
	}
	defer func() {
		closeCtx, stop := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer stop()
		_ = conn.Close(closeCtx)
	}()
	// LISTEN before the first read, so that no append committed after that
	// read goes unannounced.
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{s.cfg.Channel}.Sanitize()); err != nil {
		return s.stopped(ctx, fmt.Errorf("postgres eventstore: subscribe: listen: %w", classify(err)))
	}

	// A context that is already done lets drain take buffered notifications
	// without waiting on the connection.
	doneCtx, done := context.WithCancel(ctx)
	done()
	var backoff time.Duration
	for {
		// The read below covers every notification received so far.
		drain(doneCtx, conn)
		batch, err := readAll(ctx, conn, after, s.cfg.BatchSize)
		if err != nil {
			return s.stopped(ctx, fmt.Errorf("postgres eventstore: subscribe: read after %d: %w", after, err))
		}
		for _, e := range batch {
			if err := handle(ctx, e); err != nil {
				return fmt.Errorf("postgres eventstore: subscribe: handle %s at %d: %w", e.Type, e.Position, err)
			}
			after = e.Position
		}
		if len(batch) == s.cfg.BatchSize {
			continue // more may be readable right away
		}
		// Caught up with the horizon. Committed events beyond it belong to
		// transactions behind an older open one, whose end sends no
		// notification if it appended nothing: re-check on a backoff.
		hidden, err := anyAfter(ctx, conn, after)
		if err != nil {
			return s.stopped(ctx, fmt.Errorf("postgres eventstore: subscribe: check after %d: %w", after, err))
		}
		if len(batch) > 0 {
			backoff = 0 // progress: a new wait for hidden events starts short
		}
		backoff = s.nextBackoff(backoff, hidden)
		if err := waitForNotification(ctx, conn, s.waitFor(backoff)); err != nil {
			return s.stopped(ctx, fmt.Errorf("postgres eventstore: subscribe: wait: %w", classify(err)))
		}
	}
}

// nextBackoff doubles the wait from MinBackoff up to MaxBackoff while events
// are hidden (any open transaction holds the horizon back, a projector's
// too, and its commit sends no notification), and is 0 once none is.
func (s *Store) nextBackoff(prev time.Duration, hidden bool) time.Duration {
	switch {
	case !hidden:
		return 0
	case prev == 0:
		return s.cfg.MinBackoff
	}
	return min(2*prev, s.cfg.MaxBackoff)
}

// waitFor is how long to wait for a notification: the backoff while events
// are hidden, else IdleRecheck (a re-read as a safety net).
func (s *Store) waitFor(backoff time.Duration) time.Duration {
	if backoff == 0 {
		return s.cfg.IdleRecheck
	}
	return backoff
}

// drain discards the notifications pgx has buffered on conn (they arrive
// during queries too), so that a long catch-up neither grows the buffer nor
// leaves a backlog of wake-ups behind. doneCtx must be done already.
func drain(doneCtx context.Context, conn *pgx.Conn) {
	for {
		if n, err := conn.WaitForNotification(doneCtx); err != nil || n == nil {
			return
		}
	}
}

// waitForNotification returns when a notification arrives or, if timeout
// is positive, when it has passed.
func waitForNotification(ctx context.Context, conn *pgx.Conn, timeout time.Duration) error {
	if timeout <= 0 {
		_, err := conn.WaitForNotification(ctx)
		return err
	}
	waitCtx, stop := context.WithTimeout(ctx, timeout)
	defer stop()
	_, err := conn.WaitForNotification(waitCtx)
	if err != nil && ctx.Err() == nil && errors.Is(waitCtx.Err(), context.DeadlineExceeded) {
		return nil // the backoff passed; the connection stays usable
	}
	return err
}

// stopped prefers the context's error when the subscription was cancelled
// or the store closed, so that callers see context.Canceled, not the I/O
// error the cancellation caused.
func (s *Store) stopped(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("postgres eventstore: subscription ended: %w", ctxErr)
	}
	return err
}
