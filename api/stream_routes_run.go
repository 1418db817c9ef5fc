package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/parley-inbox/parley/projections/live"
)

// Event names of the stream besides the change kinds (live.Kind...).
const (
	streamReady      = "ready"      // live from here on
	streamResync     = "resync"     // changes were missed: refetch lists, then go on
	streamDisconnect = "disconnect" // the server ends the stream; reconnect with Last-Event-ID
)

// streamChange is the data of a change event.
type streamChange struct {
	Seq            uint64          `json:"seq"`
	Kind           string          `json:"kind"`
	EventType      string          `json:"event_type"`
	ConversationID string          `json:"conversation_id,omitempty"`
	ContactID      string          `json:"contact_id,omitempty"`
	Stream         string          `json:"stream"`
	Position       uint64          `json:"position"`
	StreamRevision uint64          `json:"stream_revision"`
	Summary        json.RawMessage `json:"summary"`
	Row            any             `json:"row,omitempty"`
}

// streamMarker is the data of ready, resync and disconnect events.
type streamMarker struct {
	LastEventID uint64 `json:"last_event_id,omitempty"`
	Resumed     bool   `json:"resumed,omitempty"`
	Reason      string `json:"reason,omitempty"`
}

// stream is one client's open stream.
type stream struct {
	api *StreamAPI
	p   Principal
	sub *live.Subscription
	w   *sseWriter
	log *slog.Logger
}

func (st *stream) run(ctx context.Context, resume *uint64) {
	if err := st.w.open(st.api.cfg.RetryHint); err != nil {
		return
	}
	if err := st.start(ctx, resume); err != nil {
		if ctx.Err() == nil {
			st.log.Warn("api: stream: start", slog.Any("error", err))
		}
		return
	}
	hb := time.NewTicker(st.api.cfg.Heartbeat)
	defer hb.Stop()
	var side <-chan SideEvent // nil: none
	if st.api.cfg.SideEvents != nil {
		var stop func()
		side, stop = st.api.cfg.SideEvents.Subscribe(ctx, st.p)
		defer stop()
	}
	for {
		var err error
		select {
		case <-ctx.Done():
			return
		case ch := <-st.sub.Changes():
			err = st.change(ctx, ch, true)
		case se, ok := <-side:
			if !ok {
				side = nil // the source has ended; the changes go on
				continue
			}
			err = st.w.event(0, se.Name, se.Data)
		case <-hb.C:
			err = st.w.comment("heartbeat")
		case <-st.sub.Done():
			reason := "shutdown"
			if errors.Is(st.sub.Err(), live.ErrSlowClient) {
				reason = "slow_client"
			}
			_ = st.w.event(0, streamDisconnect, streamMarker{Reason: reason}) // best effort: it is ending anyway
			return
		}
		if err != nil {
			return // the client has gone, or cannot take more
		}
	}
}

// start replays what a resuming client missed (or tells it to resync) and
// announces that the stream is live.
func (st *stream) start(ctx context.Context, resume *uint64) error {
	from := st.sub.From // the subscription delivers every change after it
	resumed := false
	if resume != nil {
		reason, err := st.replay(ctx, *resume, from)
		if err != nil {
			return err
		}
		resumed = reason == ""
		if !resumed {
			if err := st.w.event(from, streamResync, streamMarker{LastEventID: from, Reason: reason}); err != nil {
				return err
			}
		}
	}
	return st.w.event(from, streamReady, streamMarker{LastEventID: max(from, st.w.lastID), Resumed: resumed})
}

// replay sends account changes after seen up to from; it returns a reason
// instead when they cannot all be sent.
func (st *stream) replay(ctx context.Context, seen, from uint64) (resync string, err error) {
	cfg := st.api.cfg
	latest, err := live.LatestSeq(ctx, cfg.DB)
	if err != nil {
		return "", fmt.Errorf("api: stream: resume: %w", err)
	}
	if seen > latest {
		return "unknown_event_id", nil // not an id of this feed (e.g. the database was reset)
	}
	var missed []live.Change
	if seen < from {
		missed, err = live.ReadAccount(ctx, cfg.DB, st.p.AccountID, seen, from, cfg.MaxReplay+1)
		if err != nil {
			return "", fmt.Errorf("api: stream: resume: %w", err)
		}
	}
	// Read after the rows: retention raises the horizon before it deletes.
	horizon, err := live.Horizon(ctx, cfg.DB)
	if err != nil {
		return "", fmt.Errorf("api: stream: resume: %w", err)
	}
	switch {
	case seen < horizon:
		return "expired", nil
	case len(missed) > cfg.MaxReplay:
		return "too_many_missed", nil
	}
	st.w.lastID = seen // also skips live changes this client saw through another server
	for _, ch := range missed {
		if err := st.change(ctx, ch, false); err != nil {
			return "", err
		}
	}
	return "", nil
}

// change sends ch if this client may see it and has not yet; live changes
// of a conversation carry its list row when it can be read in time.
func (st *stream) change(ctx context.Context, ch live.Change, withRow bool) error {
	if ch.Seq <= st.w.lastID || !st.api.visible(ctx, st.p, ch) {
		return nil
	}
	data := streamChange{Seq: ch.Seq, Kind: ch.Kind, EventType: ch.EventType, ConversationID: ch.ConversationID,
		ContactID: ch.ContactID, Stream: ch.Stream, Position: ch.Position, StreamRevision: ch.StreamRevision,
		Summary: ch.Payload}
	if withRow {
		data.Row = st.row(ctx, ch)
	}
	return st.w.event(ch.Seq, ch.Kind, data)
}

// row reads the conversation's list row once the inbox view has caught up
// with the change, within RowWait; nil (ids only) otherwise.
func (st *stream) row(ctx context.Context, ch live.Change) any {
	cfg := st.api.cfg
	if cfg.ConversationRow == nil || ch.ConversationID == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.RowWait)
	defer cancel()
	if cfg.Progress != nil {
		if err := cfg.Progress.WaitFor(ctx, cfg.InboxProjector, ch.Position); err != nil {
			st.log.Debug("api: stream: inbox view not caught up; sending ids only",
				slog.Uint64("position", ch.Position), slog.Any("error", err))
			return nil
		}
	}
	row, err := cfg.ConversationRow(ctx, st.p, ch.ConversationID)
	if err != nil {
		st.log.Debug("api: stream: no list row; sending ids only",
			slog.String("conversation_id", ch.ConversationID), slog.Any("error", err))
		return nil
	}
	return row
}
