package assigner

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// effect is what a tracked conversation event asks of the assigner.
type effect struct {
	decide string  // non-empty: decide for the conversation, for this cause kind
	freed  string  // an agent who freed capacity
	row    convRow // the conversation after the event (when decide is set)
	// firstMessage: the customer's first message was appended with the
	// opening; its text is read from the log for keyword rules.
	firstMessage bool
}

// maxText bounds the customer text kept for keyword rules.
const maxText = 2000

// track applies a conversation event to the assigner's rows. Every update
// is guarded by the stream revision, so a re-applied event changes nothing.
func track(ctx context.Context, tx pgx.Tx, acc, id string, ev eventstore.RecordedEvent, e domain.Event) (effect, error) {
	rev, at := int64(ev.Revision), ev.Metadata.OccurredAt
	if o, ok := e.(conversation.Opened); ok {
		var waiting any
		if o.BotID == "" {
			waiting = at
		}
		status := conversation.StatusOpen
		if o.BotID != "" {
			status = conversation.StatusPending
		}
		row, err := scanConv(tx.QueryRow(ctx, `INSERT INTO assigner.conversations
(account_id, conversation_id, inbox_id, channel, contact_id, status, bot_owned, waiting_since, revision)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING `+convColumns,
			acc, id, o.InboxID, string(o.Channel), o.ContactID, string(status), o.BotID != "", waiting, rev))
		if errors.Is(err, pgx.ErrNoRows) {
			return effect{}, nil // re-applied
		}
		if err != nil {
			return effect{}, fmt.Errorf("assigner: track opened %s: %w", id, err)
		}
		if o.BotID == "" {
			return effect{decide: "opened", row: row, firstMessage: o.InitiatedBy == "contact"}, nil
		}
		return effect{}, nil
	}
	old, found, err := loadConv(ctx, tx, acc, id)
	if err != nil || !found || old.Revision >= uint64(rev) {
		return effect{}, err // unseen conversation (opened before the assigner existed) or re-applied
	}
	set, args, eff := updateFor(old, e, at)
	if set == "" {
		return eff, nil
	}
	args = append([]any{acc, id, rev}, args...)
	eff.row, err = scanConv(tx.QueryRow(ctx, `UPDATE assigner.conversations SET revision = $3, `+set+`
WHERE account_id = $1 AND conversation_id = $2 AND revision < $3 RETURNING `+convColumns, args...))
	if err != nil {
		return effect{}, fmt.Errorf("assigner: track %s on %s: %w", ev.Type, id, err)
	}
	if a, ok := e.(conversation.Assigned); ok {
		if _, err := tx.Exec(ctx, `INSERT INTO assigner.contacts (account_id, contact_id, last_agent_id) VALUES ($1, $2, $3)
ON CONFLICT (account_id, contact_id) DO UPDATE SET last_agent_id = EXCLUDED.last_agent_id`, acc, old.ContactID, a.AgentID); err != nil {
			return effect{}, fmt.Errorf("assigner: last agent of %s: %w", old.ContactID, err)
		}
	}
	return eff, nil
}

// updateFor returns the SET clause (parameters from $4) for event e on a
// conversation in state old, and what it asks of the assigner.
func updateFor(old convRow, e domain.Event, at any) (string, []any, effect) {
	open := old.Status == string(conversation.StatusOpen)
	freedBy := func(agent string) effect {
		if open && agent != "" {
			return effect{freed: agent}
		}
		return effect{}
	}
	waitIfUnassigned := `waiting_since = CASE WHEN assignee_id = '' AND NOT bot_owned THEN $4::timestamptz END`
	switch e := e.(type) {
	case conversation.MessageReceived:
		text := strings.ToValidUTF8(e.Text, "")
		if utf8.RuneCountInString(text) > maxText {
			text = string([]rune(text)[:maxText])
		}
		eff := effect{}
		if open && old.AssigneeID == "" && !old.BotOwned {
			eff.decide = "message"
		}
		return "last_text = $4", []any{text}, eff
	case conversation.TagApplied:
		return "tags = array_append(tags, $4)", []any{e.Tag}, effect{}
	case conversation.TagRemoved:
		return "tags = array_remove(tags, $4)", []any{e.Tag}, effect{}
	case conversation.TeamAssigned:
		return "team_id = $4", []any{e.TeamID}, effect{}
	case conversation.Assigned:
		eff := effect{}
		if e.PreviousAgentID != "" {
			eff = freedBy(e.PreviousAgentID)
		}
		return "assignee_id = $4, waiting_since = NULL", []any{e.AgentID}, eff
	case conversation.Accepted:
		return "assignee_id = $4, waiting_since = NULL", []any{e.AgentID}, effect{}
	case conversation.Unassigned:
		eff := freedBy(e.PreviousAgentID)
		if open && !old.BotOwned {
			eff.decide = "unassigned"
		}
		return "assignee_id = '', waiting_since = CASE WHEN status = 'open' AND NOT bot_owned THEN $4::timestamptz END", []any{at}, eff
	case conversation.Closed:
		return "status = 'closed', waiting_since = NULL", nil, freedBy(old.AssigneeID)
	case conversation.Snoozed:
		return "status = 'snoozed', waiting_since = NULL", nil, freedBy(old.AssigneeID)
	case conversation.Reopened:
		eff := effect{}
		if old.AssigneeID == "" && e.Trigger != "inbound_message" { // an inbound reopening decides on its message
			eff.decide = "reopened"
		}
		return "status = 'open', bot_owned = false, " + waitIfUnassigned, []any{at}, eff
	case conversation.HandedOff:
		eff := effect{}
		if old.AssigneeID == "" {
			eff.decide = "handed_off"
		}
		return "status = 'open', bot_owned = false, team_id = CASE WHEN $5 = '' THEN team_id ELSE $5 END, " +
			"waiting_since = CASE WHEN assignee_id = '' THEN $4::timestamptz END", []any{at, e.TeamID}, eff
	}
	return "", nil, effect{}
}
