package inbound

import (
	"context"
	"errors"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/inboxes"
)

// fanout returns the inboxes a verified delivery is for: the inbox whose
// URL was called, and — for providers that send one app's traffic to one
// URL — the inboxes of the other accounts it names, if they belong to the
// same tenant and their own secret verifies the same signature.
func (s *Service) fanout(ctx context.Context, in channels.Inbox, a channels.Adapter, req channels.WebhookRequest) ([]channels.Inbox, error) {
	targets := []channels.Inbox{in}
	f, ok := a.(channels.Fanout)
	if !ok {
		return targets, nil
	}
	accounts, err := f.Accounts(req)
	if err != nil {
		return targets, nil // ParseWebhook reports the malformed body
	}
	for _, id := range accounts {
		if id == in.ProviderAccountID {
			continue
		}
		other, err := s.cfg.Inboxes.ByAddress(ctx, in.Channel, id)
		if errors.Is(err, inboxes.ErrNotFound) {
			s.cfg.Logger.Info("channels: webhook names an account with no inbox", "inbox", in.ID, "provider_account_id", id)
			continue
		}
		if err != nil {
			return nil, err
		}
		if other.AccountID != in.AccountID || a.VerifyWebhook(other, req) != nil {
			s.cfg.Logger.Warn("channels: webhook names another tenant's or app's account", "inbox", in.ID, "provider_account_id", id)
			continue
		}
		targets = append(targets, other)
	}
	return targets, nil
}
