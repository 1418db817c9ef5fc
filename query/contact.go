package query

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/domain"
)

// Contact is a contact with its handles and previous conversations.
type Contact struct {
	ID            string                `json:"id"`
	DisplayName   string                `json:"display_name"`
	AvatarURL     string                `json:"avatar_url,omitempty"`
	Identities    []Identity            `json:"identities"`
	Tags          []string              `json:"tags"`
	Private       bool                  `json:"private"`
	MergedInto    *string               `json:"merged_into"`
	MergedFrom    []string              `json:"merged_from"`
	CustomFields  map[string]string     `json:"custom_fields"`
	CreatedAt     time.Time             `json:"created_at"`
	UpdatedAt     time.Time             `json:"updated_at"`
	Revision      uint64                `json:"revision"`
	Conversations []ConversationSummary `json:"conversations"`
}

// Identity is a handle of a contact, masked unless the viewer may see it.
type Identity struct {
	Kind   string `json:"kind"`
	Value  string `json:"value"`
	Masked bool   `json:"masked"`
}

// ConversationSummary is a line of a contact's conversation history.
type ConversationSummary struct {
	ID             string    `json:"id"`
	InboxID        string    `json:"inbox_id"`
	Channel        string    `json:"channel"`
	Status         string    `json:"status"`
	Preview        string    `json:"last_message_preview"`
	CreatedAt      time.Time `json:"created_at"`
	LastActivityAt time.Time `json:"last_activity_at"`
}

// MaxPreviousConversations bounds a contact's conversation history.
const MaxPreviousConversations = 20

// storedIdentity is an element of contacts.identities.
type storedIdentity struct {
	Kind   string `json:"kind"`
	Value  string `json:"value"`
	Masked string `json:"masked"`
}

func identities(raw []byte, v Viewer, private bool) ([]Identity, error) {
	var stored []storedIdentity
	if err := json.Unmarshal(raw, &stored); err != nil {
		return nil, err
	}
	out := make([]Identity, len(stored))
	for i, s := range stored {
		out[i] = Identity{Kind: s.Kind, Value: s.Value}
		if !v.rawHandles(private) {
			out[i].Value, out[i].Masked = s.Masked, true
		}
	}
	return out, nil
}

// GetContact returns contact id of the viewer's account with its latest
// conversations (and those of contacts merged into it), newest first.
func (s *Service) GetContact(ctx context.Context, v Viewer, id string) (Contact, error) {
	if domain.CheckID("id", id) != nil {
		return Contact{}, notFound("contact", clip(id))
	}
	var c Contact
	var ids, fields []byte
	var mergedInto string
	var rev int64
	err := s.pool.QueryRow(ctx, s.sql(`SELECT id, display_name, avatar_url, identities, tags, private, merged_into,
merged_from, custom_fields, created_at, updated_at, revision FROM {s}.contacts WHERE account_id = $1 AND id = $2`),
		v.AccountID, id).Scan(&c.ID, &c.DisplayName, &c.AvatarURL, &ids, &c.Tags, &c.Private, &mergedInto,
		&c.MergedFrom, &fields, &c.CreatedAt, &c.UpdatedAt, &rev)
	if errors.Is(err, pgx.ErrNoRows) {
		return Contact{}, notFound("contact", id)
	}
	if err != nil {
		return Contact{}, fmt.Errorf("query: contact %s: %w", id, err)
	}
	if c.Identities, err = identities(ids, v, c.Private); err != nil {
		return Contact{}, fmt.Errorf("query: contact %s identities: %w", id, err)
	}
	if err := json.Unmarshal(fields, &c.CustomFields); err != nil {
		return Contact{}, fmt.Errorf("query: contact %s custom fields: %w", id, err)
	}
	c.MergedInto, c.Revision = optional(mergedInto), uint64(rev)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if c.Conversations, err = s.previousConversations(ctx, v, append([]string{id}, c.MergedFrom...)); err != nil {
		return Contact{}, err
	}
	return c, nil
}

func (s *Service) previousConversations(ctx context.Context, v Viewer, contactIDs []string) ([]ConversationSummary, error) {
	rows, err := s.pool.Query(ctx, s.sql(`SELECT id, inbox_id, channel, status, last_message_preview, created_at, last_activity_at
FROM {s}.conversations WHERE contact_id = ANY($2) AND account_id = $1
ORDER BY last_activity_at DESC, id DESC LIMIT $3`), v.AccountID, contactIDs, MaxPreviousConversations)
	if err != nil {
		return nil, fmt.Errorf("query: contact conversations: %w", err)
	}
	defer rows.Close()
	out := []ConversationSummary{}
	for rows.Next() {
		var c ConversationSummary
		if err := rows.Scan(&c.ID, &c.InboxID, &c.Channel, &c.Status, &c.Preview, &c.CreatedAt, &c.LastActivityAt); err != nil {
			return nil, fmt.Errorf("query: contact conversations: %w", err)
		}
		c.CreatedAt, c.LastActivityAt = c.CreatedAt.UTC(), c.LastActivityAt.UTC()
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query: contact conversations: %w", err)
	}
	return out, nil
}
