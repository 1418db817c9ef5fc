package inbox

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// loadConvs reads and locks the stored rows of ids.
func (p *Projector) loadConvs(ctx context.Context, tx pgx.Tx, ids []string) (map[string]convRow, error) {
	out := make(map[string]convRow, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := tx.Query(ctx, p.sql.loadConvs, ids)
	if err != nil {
		return nil, fmt.Errorf("inbox: load conversations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r convRow
		var tagKeys []string
		var snoozed, lastMsg, lastIn, window, waiting, firstResp, resolved, closed *time.Time
		if err := rows.Scan(&r.ID, &r.AccountID, &r.InboxID, &r.Channel, &r.ContactID, &r.ContactName, &r.ContactAvatar,
			&r.Handle, &r.HandleMasked, &r.ContactPrivate, &r.Subject, &r.Status,
			&r.AssigneeID, &r.TeamID, &r.BotID, &r.Accepted, &r.Tags, &tagKeys, &r.Priority, &snoozed,
			&r.Preview, &r.LastKind, &r.LastDirection, &lastMsg, &r.MessageCount, &r.InboundCount,
			&lastIn, &window, &waiting, &firstResp, &resolved, &r.CreatedAt, &closed, &r.LastActivityAt,
			&r.Session, &r.Revision); err != nil {
			return nil, fmt.Errorf("inbox: load conversations: %w", err)
		}
		r.SnoozedUntil, r.LastMessageAt, r.LastInboundAt, r.WindowClosesAt = val(snoozed), val(lastMsg), val(lastIn), val(window)
		r.WaitingSince, r.FirstResponseAt, r.ResolvedAt, r.ClosedAt = val(waiting), val(firstResp), val(resolved), val(closed)
		r.CreatedAt, r.LastActivityAt = r.CreatedAt.UTC(), r.LastActivityAt.UTC()
		if len(r.Tags) == 0 {
			r.Tags = nil
		}
		out[r.ID] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("inbox: load conversations: %w", err)
	}
	return out, nil
}

// loadContacts reads and locks the stored contact rows of ids.
func (p *Projector) loadContacts(ctx context.Context, tx pgx.Tx, ids []string) (map[string]contactRow, error) {
	out := make(map[string]contactRow, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := tx.Query(ctx, p.sql.loadContacts, ids)
	if err != nil {
		return nil, fmt.Errorf("inbox: load contacts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r contactRow
		var ids, fields []byte
		if err := rows.Scan(&r.ID, &r.AccountID, &r.DisplayName, &r.AvatarURL, &ids, &r.Tags, &r.Private,
			&r.MergedInto, &r.MergedFrom, &fields, &r.CreatedAt, &r.UpdatedAt, &r.Revision); err != nil {
			return nil, fmt.Errorf("inbox: load contacts: %w", err)
		}
		if err := json.Unmarshal(ids, &r.Identities); err != nil {
			return nil, fmt.Errorf("inbox: contact %s identities: %w", r.ID, err)
		}
		if err := json.Unmarshal(fields, &r.CustomFields); err != nil {
			return nil, fmt.Errorf("inbox: contact %s custom fields: %w", r.ID, err)
		}
		r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
		out[r.ID] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("inbox: load contacts: %w", err)
	}
	return out, nil
}

func val(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
