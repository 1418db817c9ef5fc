package assigner

import (
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// pump feeds p every event after its checkpoint, one transaction per event
// with the checkpoint (as the projections runtime does), until the log has
// nothing new: the commands p issues are fed back to it too.
func (e *env) pump(p *Projector) {
	e.t.Helper()
	ctx := e.t.Context()
	if err := e.store.Settle(ctx); err != nil {
		e.t.Fatal(err)
	}
	for {
		var cp int64
		err := e.pool.QueryRow(ctx, `SELECT position FROM projection_checkpoints WHERE name = $1`, ProjectorName).Scan(&cp)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			e.t.Fatal(err)
		}
		evs, err := e.store.ReadAll(ctx, uint64(cp), 1000)
		if err != nil {
			e.t.Fatal(err)
		}
		if len(evs) == 0 {
			return
		}
		for _, ev := range evs {
			e.apply(p, true, ev)
		}
	}
}

// apply applies evs in one transaction that advances the checkpoint, and
// commits it, or rolls it back (a crash before the commit).
func (e *env) apply(p *Projector, commit bool, evs ...eventstore.RecordedEvent) {
	e.t.Helper()
	ctx := e.t.Context()
	tx, err := e.pool.Begin(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	for _, ev := range evs {
		tag, err := tx.Exec(ctx, `INSERT INTO projection_checkpoints AS c (name, position) VALUES ($1, $2)
ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position WHERE c.position < EXCLUDED.position`, ProjectorName, int64(ev.Position))
		if err != nil {
			e.t.Fatal(err)
		}
		if tag.RowsAffected() == 1 && p.Handles(ev.Type) {
			if err := p.Apply(ctx, tx, ev); err != nil {
				e.t.Fatalf("apply %s %s@%d: %v", ev.Type, ev.Stream, ev.Revision, err)
			}
		}
	}
	if commit {
		if err := tx.Commit(ctx); err != nil {
			e.t.Fatal(err)
		}
	}
}

// assignments lists the Assigned events of conversation id.
func (e *env) assignments(id string) []conversation.Assigned {
	e.t.Helper()
	recs, err := e.store.ReadStream(e.t.Context(), conversation.StreamName(id), eventstore.ReadStreamOptions{})
	if err != nil {
		e.t.Fatal(err)
	}
	codec, err := conversation.NewCodec()
	if err != nil {
		e.t.Fatal(err)
	}
	var out []conversation.Assigned
	for _, r := range recs {
		if r.Type != conversation.TypeAssigned {
			continue
		}
		ev, err := codec.Decode(r.Type, r.SchemaVersion, r.Data)
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, ev.(conversation.Assigned))
	}
	return out
}

// state is the conversation's current state, read fresh from the log.
func (e *env) state(id string) conversation.State {
	e.t.Helper()
	recs, err := e.store.ReadStream(e.t.Context(), conversation.StreamName(id), eventstore.ReadStreamOptions{})
	if err != nil {
		e.t.Fatal(err)
	}
	codec, _ := conversation.NewCodec()
	var s conversation.State
	for _, r := range recs {
		ev, err := codec.Decode(r.Type, r.SchemaVersion, r.Data)
		if err != nil {
			e.t.Fatal(err)
		}
		s = conversation.Evolve(s, ev)
	}
	return s
}

// assignee is who holds conversation id now.
func (e *env) assignee(id string) string { return e.state(id).AssigneeID }
