package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections"
)

// projectionsStatus prints every projector's status.
func projectionsStatus(ctx context.Context, pool *pgxpool.Pool, store eventstore.Store, cfg projectionsConfig, w io.Writer) error {
	sts, err := projections.ReadStatus(ctx, pool, store, nil, cfg.LagCap)
	if err != nil {
		return err
	}
	states := api.ProjectorStates(sts)
	if cfg.Output == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(states)
	}
	if len(states) == 0 {
		fmt.Fprintln(w, "no projector has a checkpoint yet")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROJECTOR\tCHECKPOINT\tHEAD\tLAG EVENTS\tLAG SECONDS\tHALTED\tUPDATED")
	for _, s := range states {
		lag := strconv.Itoa(s.LagEvents)
		if s.LagCapped {
			lag = ">=" + lag
		}
		updated := "-"
		if s.UpdatedAt != nil {
			updated = s.UpdatedAt.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%.1f\t%v\t%s\n", s.Name, s.Checkpoint, s.Head, lag, s.LagSeconds, s.Halted, updated)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range states {
		for _, p := range s.Parked {
			fmt.Fprintf(w, "\nparked: %s at position %d (%s %s, event %s) since %s\n  reason: %s\n  resume with: parley projections unpark %s\n",
				s.Name, p.Position, p.Type, p.Stream, p.EventID, p.ParkedAt.UTC().Format(time.RFC3339), p.Error, s.Name)
		}
	}
	return nil
}

// projectionsUnpark deletes name's parked events.
func projectionsUnpark(ctx context.Context, pool *pgxpool.Pool, name string, w io.Writer) error {
	parked, err := projections.ReadParked(ctx, pool, name)
	if err != nil {
		return err
	}
	if len(parked) == 0 {
		return fmt.Errorf("projector %q has no parked events", name)
	}
	if err := projections.Unpark(ctx, pool, name); err != nil {
		return err
	}
	fmt.Fprintf(w, "unparked %s (%d parked event(s), first at position %d); a runtime in this or another process resumes it within its status interval\n",
		name, len(parked), parked[0].Position)
	return nil
}

// projectionsRebuild runs an online rebuild of the inbox views, printing
// progress every two seconds.
func projectionsRebuild(ctx context.Context, pool *pgxpool.Pool, store eventstore.Store, cfg projectionsConfig, logger *slog.Logger, w io.Writer) error {
	rpool, err := rebuildPool(ctx, pool)
	if err != nil {
		return err
	}
	defer rpool.Close()
	var last time.Time
	var phase string
	report := func(r rebuildReport) {
		if r.Phase == phase && time.Since(last) < 2*time.Second {
			return
		}
		last, phase = time.Now(), r.Phase
		fmt.Fprintln(w, describeRebuild(r))
	}
	rb, err := newInboxRebuild(rpool, store, logger, cfg.Rebuild, report)
	if err != nil {
		return err
	}
	rep, err := rb.run(ctx)
	if err != nil {
		return fmt.Errorf("rebuild inbox: %w", err)
	}
	fmt.Fprintf(w, "rebuilt the inbox views: %d events in %s (%.0f events/s), verified equal: %v, swapped at position %d\n",
		rep.Events, rep.Elapsed.Round(time.Second), rep.EventsPerSecond, rep.Verified, rep.Position)
	return nil
}

func describeRebuild(r rebuildReport) string {
	s := fmt.Sprintf("%-10s %d events", r.Phase, r.Events)
	if r.Total > 0 {
		s += fmt.Sprintf("/%d (%.1f%%)", r.Total, 100*float64(r.Events)/float64(r.Total))
	}
	s += fmt.Sprintf(", %.0f events/s, position %d, elapsed %s", r.EventsPerSecond, r.Position, r.Elapsed.Round(time.Second))
	if r.ETA > 0 {
		s += ", ETA " + r.ETA.Round(time.Second).String()
	}
	return s
}
