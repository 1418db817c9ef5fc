// Package inbound takes provider webhooks in: it finds the inbox, verifies
// the signature on the raw body, parses with the inbox's adapter and turns
// what the provider reported into commands — contact and conversation ids
// derived deterministically from (inbox, provider contact id), command ids
// from provider ids, so a provider's retry changes nothing.
package inbound

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/inboxes"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
)

// Commands is the command side the intake drives; *command.Handlers is one.
type Commands interface {
	Conversation(ctx context.Context, id string, c conversation.Command, meta command.Meta) (command.Result, error)
	Contact(ctx context.Context, id string, c contact.Command, meta command.Meta) (command.Result, error)
}

// Inboxes finds an inbox's configuration; *inboxes.Store is one.
type Inboxes interface {
	Get(ctx context.Context, id string) (channels.Inbox, error)
	ByAddress(ctx context.Context, channel conversation.Channel, providerAccountID string) (channels.Inbox, error)
}

// Config of a Service.
type Config struct {
	Inboxes  Inboxes
	Adapters channels.Adapters
	Ledger   *ledger.Ledger
	Commands Commands
	Metrics  *channels.Metrics // optional
	Now      func() time.Time
	Logger   *slog.Logger
	// OnMedia, if set, is told of every new inbound message with media
	// (to download it in the background); it must not block.
	OnMedia func(conversationID, messageID string)
}

// Service takes webhooks in.
type Service struct{ cfg Config }

// New returns the intake service.
func New(cfg Config) (*Service, error) {
	if cfg.Inboxes == nil || cfg.Adapters == nil || cfg.Ledger == nil || cfg.Commands == nil {
		return nil, errors.New("inbound: Config needs Inboxes, Adapters, Ledger and Commands")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Service{cfg: cfg}, nil
}

func (s *Service) inbox(ctx context.Context, inboxID string) (channels.Inbox, channels.Adapter, error) {
	in, err := s.cfg.Inboxes.Get(ctx, inboxID)
	if errors.Is(err, inboxes.ErrNotFound) {
		return in, nil, domain.NotFound("inbox_not_found", "no such inbox")
	}
	if err != nil {
		return in, nil, err
	}
	a, err := s.cfg.Adapters.For(in.Channel)
	if err != nil {
		return in, nil, domain.NotFound("channel_not_supported", "the inbox's channel has no adapter")
	}
	return in, a, nil
}

// Challenge answers a provider's GET verification handshake.
func (s *Service) Challenge(ctx context.Context, inboxID string, q url.Values) (string, error) {
	in, a, err := s.inbox(ctx, inboxID)
	if err != nil {
		return "", err
	}
	ch, ok := a.(channels.Challenger)
	if !ok {
		return "", domain.NotFound("no_challenge", "this channel has no verification handshake")
	}
	answer, err := ch.Challenge(in, q)
	if err != nil {
		return "", domain.Forbidden("bad_verify_token", "the verify token does not match")
	}
	return answer, nil
}

// Deliver verifies and takes in one webhook delivery. An error means the
// provider should retry (except signature and payload errors, which are
// domain errors answered 403/422).
func (s *Service) Deliver(ctx context.Context, inboxID string, req channels.WebhookRequest) error {
	in, a, err := s.inbox(ctx, inboxID)
	if err != nil {
		return err
	}
	if err := a.VerifyWebhook(in, req); err != nil {
		s.cfg.Metrics.SignatureFailure(in)
		if rerr := s.cfg.Ledger.Record(ctx, in.ID, ledger.HealthSignatureFailure, s.cfg.Now(), ""); rerr != nil {
			s.cfg.Logger.Warn("channels: record signature failure", "inbox", in.ID, "error", rerr)
		}
		s.cfg.Logger.Warn("channels: webhook signature rejected", "inbox", in.ID, "error", err)
		return domain.Forbidden("bad_signature", "the webhook signature does not match")
	}
	targets, err := s.fanout(ctx, in, a, req)
	if err != nil {
		return err
	}
	for _, target := range targets {
		report, err := a.ParseWebhook(target, req)
		if err != nil {
			return domain.Invalid("", "malformed_webhook", "%s", err.Error())
		}
		if err := s.Accept(ctx, target, report); err != nil {
			return err
		}
	}
	return nil
}

// Accept takes in what a verified delivery reported (the SMTP listener
// calls it directly).
func (s *Service) Accept(ctx context.Context, in channels.Inbox, report channels.Inbound) error {
	for _, m := range report.Messages {
		if err := s.take(ctx, in, m); err != nil {
			return fmt.Errorf("inbound: message %s: %w", m.Message.ProviderMessageID, err)
		}
	}
	for _, st := range report.Statuses {
		if err := s.status(ctx, in, st); err != nil {
			return fmt.Errorf("inbound: status of %s: %w", st.ProviderMessageID, err)
		}
	}
	if report.Quality != nil {
		s.cfg.Metrics.Quality(in, report.Quality.Rating)
		if err := s.cfg.Ledger.SetQuality(ctx, in.ID, report.Quality.Rating); err != nil {
			return err
		}
	}
	return nil
}
