package projections

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
)

// ProjectorStatus is where a projector stands against the log.
type ProjectorStatus struct {
	Name       string
	Checkpoint uint64    // position of the last applied event (0: none yet)
	UpdatedAt  time.Time // when the checkpoint last moved
	Head       uint64    // position of the log's last event (see LagCapped)
	// LagEvents counts the events after the checkpoint. Counting reads at
	// most the runtime's LagCap events; LagCapped says the lag is at least
	// LagEvents and Head is the last event read, not the log's head.
	LagEvents int
	LagCapped bool
	// LagSeconds is the occurred_at of Head minus that of the checkpoint's
	// event (0 when caught up).
	LagSeconds float64
	// Halted: the projector stopped on Parked[0] and waits for Unpark.
	Halted bool
	Parked []ParkedEvent
}

// ReadStatus reports the named projectors (every one with a checkpoint or a
// parked event when names is empty). It reads at most lagCap events of the
// log, once for all projectors, from the lowest checkpoint.
func ReadStatus(ctx context.Context, db *pgxpool.Pool, store eventstore.Store, names []string, lagCap int) ([]ProjectorStatus, error) {
	sts, cpTimes, err := readCheckpoints(ctx, db, names)
	if err != nil {
		return nil, err
	}
	parked, err := ReadParked(ctx, db, names...)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	for i, s := range sts {
		index[s.Name] = i
	}
	for _, p := range parked {
		i, ok := index[p.Projector]
		if !ok { // parked but never checkpointed
			i = len(sts)
			index[p.Projector] = i
			sts = append(sts, ProjectorStatus{Name: p.Projector})
		}
		sts[i].Parked = append(sts[i].Parked, p)
		sts[i].Halted = true
	}
	if len(sts) == 0 {
		return sts, nil
	}
	if err := fillLag(ctx, store, sts, cpTimes, lagCap); err != nil {
		return nil, err
	}
	return sts, nil
}

func readCheckpoints(ctx context.Context, db *pgxpool.Pool, names []string) ([]ProjectorStatus, map[string]time.Time, error) {
	rows, err := db.Query(ctx, `SELECT n.name, coalesce(c.position, 0), c.occurred_at, coalesce(c.updated_at, 'epoch')
FROM (SELECT unnest($1::text[]) AS name UNION SELECT name FROM projection_checkpoints WHERE coalesce(cardinality($1::text[]), 0) = 0) n
LEFT JOIN projection_checkpoints c ON c.name = n.name ORDER BY n.name`, names)
	if err != nil {
		return nil, nil, fmt.Errorf("projections: read checkpoints: %w", err)
	}
	defer rows.Close()
	var sts []ProjectorStatus
	times := map[string]time.Time{}
	for rows.Next() {
		var s ProjectorStatus
		var pos int64
		var occ *time.Time
		if err := rows.Scan(&s.Name, &pos, &occ, &s.UpdatedAt); err != nil {
			return nil, nil, fmt.Errorf("projections: read checkpoints: %w", err)
		}
		s.Checkpoint = uint64(pos)
		if occ != nil {
			times[s.Name] = *occ
		}
		sts = append(sts, s)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("projections: read checkpoints: %w", err)
	}
	return sts, times, nil
}

// fillLag reads the log after the lowest checkpoint (at most lagCap events)
// and sets Head, LagEvents, LagCapped and LagSeconds.
func fillLag(ctx context.Context, store eventstore.Store, sts []ProjectorStatus, cpTimes map[string]time.Time, lagCap int) error {
	from := sts[0].Checkpoint
	for _, s := range sts {
		from = min(from, s.Checkpoint)
	}
	var window []eventstore.RecordedEvent
	capped := false
	for after := from; ; {
		page := min(1000, lagCap-len(window))
		if page <= 0 {
			capped = true
			break
		}
		evs, err := store.ReadAll(ctx, after, page)
		if err != nil {
			return fmt.Errorf("projections: status: read log after %d: %w", after, err)
		}
		if len(evs) == 0 {
			break
		}
		window = append(window, evs...)
		after = evs[len(evs)-1].Position
	}
	for i := range sts {
		s := &sts[i]
		s.Head = s.Checkpoint
		if len(window) == 0 {
			continue
		}
		head := window[len(window)-1]
		s.Head, s.LagCapped = max(head.Position, s.Checkpoint), capped
		for _, ev := range window {
			if ev.Position > s.Checkpoint {
				s.LagEvents++
			}
		}
		if s.LagEvents == 0 {
			continue
		}
		since, ok := cpTimes[s.Name]
		if !ok { // nothing applied yet: lag from the first event
			since = window[0].Metadata.OccurredAt
		}
		s.LagSeconds = max(0, head.Metadata.OccurredAt.Sub(since).Seconds())
	}
	return nil
}
