package ledger

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/parley-inbox/parley/channels"
)

// SetTemplates replaces an inbox's synced templates.
func (l *Ledger) SetTemplates(ctx context.Context, inboxID string, ts []channels.Template) error {
	err := pgx.BeginFunc(ctx, l.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM channel_templates WHERE inbox_id = $1`, inboxID); err != nil {
			return err
		}
		for _, t := range ts {
			if _, err := tx.Exec(ctx, `INSERT INTO channel_templates (inbox_id, name, language, status, category, body)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, inboxID, t.Name, t.Language, t.Status, t.Category, t.Body); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("ledger: set templates of %s: %w", inboxID, err)
	}
	return nil
}

// TemplatesOf returns an inbox's synced templates.
func (l *Ledger) TemplatesOf(ctx context.Context, inboxID string) ([]channels.Template, error) {
	rows, err := l.pool.Query(ctx, `SELECT name, language, status, category, body FROM channel_templates
		WHERE inbox_id = $1 ORDER BY name, language LIMIT 1000`, inboxID)
	if err != nil {
		return nil, fmt.Errorf("ledger: templates of %s: %w", inboxID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (channels.Template, error) {
		var t channels.Template
		return t, r.Scan(&t.Name, &t.Language, &t.Status, &t.Category, &t.Body)
	})
	if err != nil {
		return nil, fmt.Errorf("ledger: templates of %s: %w", inboxID, err)
	}
	return out, nil
}
