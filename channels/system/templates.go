package system

import (
	"context"
	"fmt"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain"
)

// ownInbox returns an inbox of accountID, or a not-found error.
func (a *Admin) ownInbox(ctx context.Context, accountID, inboxID string) (channels.Inbox, error) {
	in, err := a.Store.Get(ctx, inboxID)
	if err != nil || in.AccountID != accountID {
		return channels.Inbox{}, domain.NotFound("inbox_not_found", "no such inbox")
	}
	return in, nil
}

// SyncTemplates fetches an inbox's message templates from the provider
// and keeps them.
func (a *Admin) SyncTemplates(ctx context.Context, accountID, inboxID string) ([]channels.Template, error) {
	in, err := a.ownInbox(ctx, accountID, inboxID)
	if err != nil {
		return nil, err
	}
	adapter, err := a.Media.adapters.For(in.Channel)
	if err != nil {
		return nil, err
	}
	src, ok := adapter.(channels.TemplateSource)
	if !ok {
		return nil, domain.Invalid("id", "no_templates", "%s has no message templates", in.Channel)
	}
	ts, err := src.Templates(ctx, in)
	if err != nil {
		return nil, &domain.Error{Kind: domain.KindUnavailable, Code: "template_sync_failed", Message: fmt.Sprintf("the provider did not list the templates: %v", err)}
	}
	if err := a.Ledger.SetTemplates(ctx, in.ID, ts); err != nil {
		return nil, err
	}
	return ts, nil
}

// ListTemplates returns an inbox's synced templates.
func (a *Admin) ListTemplates(ctx context.Context, accountID, inboxID string) ([]channels.Template, error) {
	in, err := a.ownInbox(ctx, accountID, inboxID)
	if err != nil {
		return nil, err
	}
	return a.Ledger.TemplatesOf(ctx, in.ID)
}
