package projections

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Run starts every projector and blocks until ctx ends or Close is called,
// then returns once all its goroutines have stopped. Projectors with a parked
// event start halted.
func (r *Runtime) Run(ctx context.Context) error {
	r.mu.Lock()
	if r.ran || r.closed {
		r.mu.Unlock()
		return errors.New("projections: runtime already run or closed")
	}
	r.ran = true
	r.mu.Unlock()

	parked, err := ReadParked(ctx, r.cfg.DB, r.names...)
	if err != nil {
		return errors.Join(err, r.Close())
	}
	for _, p := range parked {
		r.gates[p.Projector].park(p)
		r.metrics.halted.WithLabelValues(p.Projector).Set(1)
		r.log.Error("projections: projector starts halted on a parked event", slog.String("projector", p.Projector),
			slog.Uint64("position", p.Position), slog.String("type", p.Type), slog.String("error", p.Error))
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { r.watch(ctx) })
	stop := context.AfterFunc(ctx, func() { _ = r.router.Close() })
	defer stop()

	err = r.router.Run(ctx)
	cancel()
	wg.Wait()
	closeErr := r.sub.Close()
	if err != nil {
		return fmt.Errorf("projections: router: %w", err)
	}
	return closeErr
}

// Running is closed once the projectors' handlers are running.
func (r *Runtime) Running() <-chan struct{} { return r.router.Running() }

// Close stops the runtime; Run returns when everything has stopped.
func (r *Runtime) Close() error {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	if err := r.router.Close(); err != nil {
		return fmt.Errorf("projections: close router: %w", err)
	}
	return r.sub.Close()
}

// Unpark deletes projector's parked events and resumes it from its checkpoint.
func (r *Runtime) Unpark(ctx context.Context, projector string) error {
	g, ok := r.gates[projector]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownProjector, projector)
	}
	if err := Unpark(ctx, r.cfg.DB, projector); err != nil {
		return err
	}
	g.unpark()
	r.metrics.halted.WithLabelValues(projector).Set(0)
	r.log.Info("projections: projector unparked", slog.String("projector", projector))
	return nil
}

// Status reports every projector of the runtime.
func (r *Runtime) Status(ctx context.Context) ([]ProjectorStatus, error) {
	return ReadStatus(ctx, r.cfg.DB, r.cfg.Store, r.names, r.cfg.LagCap)
}

// watch refreshes the lag metrics and resumes projectors unparked by another
// process, every StatusInterval.
func (r *Runtime) watch(ctx context.Context) {
	t := time.NewTicker(r.cfg.StatusInterval)
	defer t.Stop()
	for {
		r.refresh(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (r *Runtime) refresh(ctx context.Context) {
	// Snapshot before reading, so an event parked meanwhile is not mistaken
	// for one unparked elsewhere.
	held := make(map[string]*ParkedEvent, len(r.gates))
	for name, g := range r.gates {
		held[name] = g.current()
	}
	sts, err := r.Status(ctx)
	if err != nil {
		if ctx.Err() == nil {
			r.log.Warn("projections: status refresh", slog.Any("error", err))
		}
		return
	}
	for _, s := range sts {
		r.metrics.lagEvents.WithLabelValues(s.Name).Set(float64(s.LagEvents))
		r.metrics.lagSeconds.WithLabelValues(s.Name).Set(s.LagSeconds)
		if len(s.Parked) == 0 && r.gates[s.Name].unparkIf(held[s.Name]) {
			r.metrics.halted.WithLabelValues(s.Name).Set(0)
			r.log.Info("projections: projector unparked elsewhere; resuming", slog.String("projector", s.Name))
		}
	}
}
