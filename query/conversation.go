package query

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/domain"
)

// Conversation is one conversation as the inbox shows it.
type Conversation struct {
	ID              string          `json:"id"`
	InboxID         string          `json:"inbox_id"`
	Channel         string          `json:"channel"`
	Contact         ContactRef      `json:"contact"`
	Subject         string          `json:"subject,omitempty"`
	Status          string          `json:"status"`
	AssigneeID      *string         `json:"assignee_id"`
	Accepted        bool            `json:"accepted"`
	TeamID          *string         `json:"team_id"`
	Tags            []string        `json:"tags"`
	Priority        string          `json:"priority"`
	SnoozedUntil    *time.Time      `json:"snoozed_until"`
	LastMessage     *MessagePreview `json:"last_message"`
	MessageCount    int             `json:"message_count"`
	Unread          int             `json:"unread"` // inbound messages the viewer has not read
	LastInboundAt   *time.Time      `json:"last_inbound_at"`
	WindowClosesAt  *time.Time      `json:"window_closes_at"` // WhatsApp only
	WaitingSince    *time.Time      `json:"waiting_since"`
	FirstResponseAt *time.Time      `json:"first_response_at"`
	ResolvedAt      *time.Time      `json:"resolved_at"`
	CreatedAt       time.Time       `json:"created_at"`
	ClosedAt        *time.Time      `json:"closed_at"`
	LastActivityAt  time.Time       `json:"last_activity_at"`
	Session         int             `json:"session"`
	Revision        uint64          `json:"revision"`
}

// ContactRef is the contact as a conversation shows it; Handle is masked
// unless the viewer may see it.
type ContactRef struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	AvatarURL string `json:"avatar_url,omitempty"`
	Handle    string `json:"handle"`
	Masked    bool   `json:"handle_masked"`
}

// MessagePreview is the last message of a conversation.
type MessagePreview struct {
	Preview   string    `json:"preview"`
	Kind      string    `json:"kind"`
	Direction string    `json:"direction"`
	At        time.Time `json:"at"`
}

// conversationColumns are read by scanConversation, in order; $2 is the viewer's agent id.
const conversationColumns = `c.id, c.inbox_id, c.channel, c.contact_id, c.contact_name, c.contact_avatar, c.contact_handle,
c.contact_handle_masked, c.contact_private, c.subject, c.status, c.assignee_id, c.accepted, c.team_id, c.tags, c.priority,
c.snoozed_until, c.last_message_preview, c.last_message_kind, c.last_message_direction, c.last_message_at, c.message_count,
greatest(c.inbound_count - ` + readInbound + `, 0), c.last_inbound_at, c.window_closes_at, c.waiting_since,
c.first_response_at, c.resolved_at, c.created_at, c.closed_at, c.last_activity_at, c.session, c.revision`

const conversationFrom = `{s}.conversations c`

// readInbound is how many inbound messages of c the viewer ($2) has read: a
// primary-key lookup per row it is computed for (a join lets the planner
// hash the whole reads table for an agent with few read marks).
const readInbound = `coalesce((SELECT r.read_inbound FROM {s}.reads r WHERE r.conversation_id = c.id AND r.agent_id = $2), 0)`

func scanConversation(row pgx.Row, v Viewer) (Conversation, error) {
	var c Conversation
	var handle, masked, assignee, team, preview, kind, direction string
	var private bool
	var prio int16
	var lastAt *time.Time
	var rev int64
	err := row.Scan(&c.ID, &c.InboxID, &c.Channel, &c.Contact.ID, &c.Contact.Name, &c.Contact.AvatarURL, &handle, &masked,
		&private, &c.Subject, &c.Status, &assignee, &c.Accepted, &team, &c.Tags, &prio, &c.SnoozedUntil, &preview, &kind,
		&direction, &lastAt, &c.MessageCount, &c.Unread, &c.LastInboundAt, &c.WindowClosesAt, &c.WaitingSince,
		&c.FirstResponseAt, &c.ResolvedAt, &c.CreatedAt, &c.ClosedAt, &c.LastActivityAt, &c.Session, &rev)
	if err != nil {
		return c, err
	}
	for _, t := range []**time.Time{&c.SnoozedUntil, &c.LastInboundAt, &c.WindowClosesAt, &c.WaitingSince, &c.FirstResponseAt, &c.ResolvedAt, &c.ClosedAt} {
		if *t != nil {
			u := (*t).UTC()
			*t = &u
		}
	}
	c.CreatedAt, c.LastActivityAt = c.CreatedAt.UTC(), c.LastActivityAt.UTC()
	c.Contact.Handle, c.Contact.Masked = handle, false
	if !v.rawHandles(private) {
		c.Contact.Handle, c.Contact.Masked = masked, true
	}
	c.AssigneeID, c.TeamID = optional(assignee), optional(team)
	if int(prio) < len(priorities) {
		c.Priority = priorities[prio]
	}
	if lastAt != nil {
		c.LastMessage = &MessagePreview{Preview: preview, Kind: kind, Direction: direction, At: lastAt.UTC()}
	}
	c.Revision = uint64(rev)
	return c, nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// GetConversation returns conversation id of the viewer's account.
func (s *Service) GetConversation(ctx context.Context, v Viewer, id string) (Conversation, error) {
	if domain.CheckID("id", id) != nil {
		return Conversation{}, notFound("conversation", clip(id))
	}
	row := s.pool.QueryRow(ctx, s.sql(`SELECT `+conversationColumns+` FROM `+conversationFrom+`
WHERE c.account_id = $1 AND c.id = $3`), v.AccountID, v.AgentID, id)
	c, err := scanConversation(row, v)
	if errors.Is(err, pgx.ErrNoRows) {
		return Conversation{}, notFound("conversation", id)
	}
	if err != nil {
		return Conversation{}, fmt.Errorf("query: conversation %s: %w", id, err)
	}
	if !v.maySee(c) {
		return Conversation{}, notFound("conversation", id) // the same answer as another account's
	}
	return c, nil
}
