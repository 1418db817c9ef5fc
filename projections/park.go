package projections

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/eventstore"
)

// ParkedEvent is an event a projector could not apply. While one is parked
// its projector is halted.
type ParkedEvent struct {
	Projector string
	Position  uint64
	EventID   uuid.UUID
	Stream    string
	Type      string
	Error     string
	ParkedAt  time.Time
}

// maxParkedError bounds the error text kept with a parked event (a panic's
// stack trace can be long).
const maxParkedError = 8 << 10

func parkEvent(ctx context.Context, db *pgxpool.Pool, projector string, ev eventstore.RecordedEvent, cause error) error {
	msg := cause.Error()
	if len(msg) > maxParkedError {
		msg = strings.ToValidUTF8(msg[:maxParkedError], "") + " …(truncated)"
	}
	_, err := db.Exec(ctx, `INSERT INTO parked_events (projector, position, event_id, stream, event_type, error)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (projector, position) DO UPDATE SET error = EXCLUDED.error, parked_at = now()`,
		projector, int64(ev.Position), ev.ID, ev.Stream, ev.Type, msg)
	if err != nil {
		return fmt.Errorf("projections: park %s position %d: %w", projector, ev.Position, err)
	}
	return nil
}

// ReadParked returns the parked events of the named projectors (all when
// names is empty), by projector and position.
func ReadParked(ctx context.Context, db *pgxpool.Pool, names ...string) ([]ParkedEvent, error) {
	rows, err := db.Query(ctx, `SELECT projector, position, event_id, stream, event_type, error, parked_at
FROM parked_events WHERE coalesce(cardinality($1::text[]), 0) = 0 OR projector = ANY($1) ORDER BY projector, position`, names)
	if err != nil {
		return nil, fmt.Errorf("projections: read parked events: %w", err)
	}
	defer rows.Close()
	var out []ParkedEvent
	for rows.Next() {
		var p ParkedEvent
		var pos int64
		if err := rows.Scan(&p.Projector, &pos, &p.EventID, &p.Stream, &p.Type, &p.Error, &p.ParkedAt); err != nil {
			return nil, fmt.Errorf("projections: read parked events: %w", err)
		}
		p.Position = uint64(pos)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("projections: read parked events: %w", err)
	}
	return out, nil
}

// Unpark deletes the parked events of projector so that it is re-driven from
// its checkpoint: at once by the Runtime whose Unpark is called, within its
// StatusInterval by a Runtime in another process.
func Unpark(ctx context.Context, db *pgxpool.Pool, projector string) error {
	if _, err := db.Exec(ctx, `DELETE FROM parked_events WHERE projector = $1`, projector); err != nil {
		return fmt.Errorf("projections: unpark %s: %w", projector, err)
	}
	return nil
}

// gate holds a projector while it is halted on a parked event.
type gate struct {
	mu     sync.Mutex
	parked *ParkedEvent
	open   chan struct{} // closed while not parked
}

func newGate() *gate {
	g := &gate{open: make(chan struct{})}
	close(g.open)
	return g
}

func (g *gate) park(p ParkedEvent) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.parked == nil {
		g.open = make(chan struct{})
	}
	g.parked = &p
}

func (g *gate) unpark() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.parked != nil {
		g.parked = nil
		close(g.open)
	}
}

// current is the parked event holding the projector, nil if none.
func (g *gate) current() *ParkedEvent {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.parked
}

// unparkIf unparks only if p is still the event holding the projector.
func (g *gate) unparkIf(p *ParkedEvent) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if p == nil || g.parked != p {
		return false
	}
	g.parked = nil
	close(g.open)
	return true
}

// wait blocks while the projector is parked.
func (g *gate) wait(ctx context.Context) error {
	g.mu.Lock()
	open := g.open
	g.mu.Unlock()
	select {
	case <-open:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
