package presence

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// ListenerApplicationName names the store's LISTEN connection in
// pg_stat_activity.
const ListenerApplicationName = "parley-presence"

// Run shares the store with other processes (when Config.DB is set) and
// expires presence every second, until ctx ends.
func (s *Store) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	if s.cfg.DB != nil {
		wg.Go(func() { s.listenLoop(ctx) })
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			s.Expire(s.cfg.Now())
		}
	}
}

func (s *Store) listenLoop(ctx context.Context) {
	for {
		err := s.listen(ctx)
		if ctx.Err() != nil {
			return
		}
		s.cfg.Logger.Warn("presence: listener lost; reconnecting", slog.Any("error", err))
		t := time.NewTimer(s.cfg.RetryBackoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

func (s *Store) listen(ctx context.Context) error {
	cc := s.cfg.DB.Config().ConnConfig.Copy()
	if cc.RuntimeParams == nil {
		cc.RuntimeParams = map[string]string{}
	}
	cc.RuntimeParams["application_name"] = ListenerApplicationName
	conn, err := pgx.ConnectConfig(ctx, cc)
	if err != nil {
		return fmt.Errorf("presence: connect: %w", err)
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return fmt.Errorf("presence: listen: %w", err)
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("presence: wait: %w", err)
		}
		var in notice
		if err := json.Unmarshal([]byte(n.Payload), &in); err != nil {
			s.cfg.Logger.Warn("presence: unreadable notice", slog.Any("error", err))
			continue
		}
		if in.Origin != s.origin {
			s.apply(in)
		}
	}
}

// publish sends n to the other processes.
func (s *Store) publish(ctx context.Context, n notice) error {
	if s.cfg.DB == nil {
		return nil
	}
	n.Origin = s.origin
	b, err := json.Marshal(n)
	if err != nil {
		return fmt.Errorf("presence: encode notice: %w", err)
	}
	if _, err := s.cfg.DB.Exec(ctx, `SELECT pg_notify($1, $2)`, Channel, string(b)); err != nil {
		return fmt.Errorf("presence: notify: %w", err)
	}
	return nil
}
