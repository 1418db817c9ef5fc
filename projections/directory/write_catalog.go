package directory

import (
	"context"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/account"
)

func (w writer) applyCatalog(ctx context.Context, e domain.Event) error {
	switch e := e.(type) {
	case account.TagDefined:
		return w.exec(ctx, `INSERT INTO directory.tags (account_id, id, name, color, revision)
VALUES ($1, $3, $4, $5, $2) ON CONFLICT (account_id, id) DO NOTHING`, e.TagID, e.Name, e.Color)
	case account.TagArchived:
		return w.update(ctx, "tags", "archived = true", e.TagID)
	case account.QuickReplyCreated:
		return w.exec(ctx, `INSERT INTO directory.quick_replies (account_id, id, shortcut, text, scope, team_id, owner_id, revision)
VALUES ($1, $3, $4, $5, $6, $7, $8, $2) ON CONFLICT (account_id, id) DO NOTHING`, e.QuickReplyID, e.Shortcut, e.Text, e.Scope, e.TeamID, e.OwnerID)
	case account.QuickReplyUpdated:
		return w.update(ctx, "quick_replies", "shortcut = coalesce($4, shortcut), text = coalesce($5, text)", e.QuickReplyID, e.Shortcut, e.Text)
	case account.QuickReplyArchived:
		return w.update(ctx, "quick_replies", "archived = true", e.QuickReplyID)
	}
	return nil
}
