package system

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/inboxes"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/channels/media"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/secrets"
)

// BlobRef prefixes a media ref that names a blob Parley stored itself
// (email attachments).
const BlobRef = "blob:"

// Media serves inbound media to agents through signed URLs, downloading it
// from the provider the first time.
type Media struct {
	pool      *pgxpool.Pool
	store     eventstore.Store
	inboxes   *inboxes.Store
	adapters  channels.Adapters
	ledger    *ledger.Ledger
	blobs     media.Store
	fetcher   *media.Fetcher
	publicURL string

	mu     sync.Mutex
	signer *media.Signer // from the secrets table on first use
}

func (m *Media) signerFor(ctx context.Context) (*media.Signer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.signer == nil {
		key, err := secrets.Get(ctx, m.pool, "channel-media-signing", 32)
		if err != nil {
			return nil, fmt.Errorf("channels: media signing key: %w", err)
		}
		m.signer = media.NewSigner(key, 5*time.Minute)
	}
	return m.signer, nil
}

// URL returns a short-lived URL of an inbound message's media, for an
// agent of accountID.
func (m *Media) URL(ctx context.Context, accountID, conversationID, messageID string) (string, time.Time, error) {
	key, err := m.ensure(ctx, accountID, ledger.OutboundRef{ConversationID: conversationID, MessageID: messageID})
	if err != nil {
		return "", time.Time{}, err
	}
	signer, err := m.signerFor(ctx)
	if err != nil {
		return "", time.Time{}, err
	}
	u, exp := signer.URL(m.publicURL, key, time.Now())
	return u, exp, nil
}

// Open returns a blob if the signed URL's exp and sig grant it.
func (m *Media) Open(ctx context.Context, key, exp, sig string) (io.ReadSeekCloser, string, error) {
	signer, err := m.signerFor(ctx)
	if err != nil {
		return nil, "", err
	}
	if !signer.Valid(key, exp, sig, time.Now()) {
		return nil, "", domain.Forbidden("bad_media_signature", "the media link is invalid or expired")
	}
	f, mime, err := m.blobs.Open(ctx, key)
	if errors.Is(err, media.ErrNotFound) {
		return nil, "", domain.NotFound("media_not_found", "no such media")
	}
	return f, mime, err
}

// ensure stores a message's media (once) and returns its blob key.
func (m *Media) ensure(ctx context.Context, accountID string, ref ledger.OutboundRef) (string, error) {
	c, err := m.ledger.ContactOf(ctx, ref.ConversationID)
	if errors.Is(err, ledger.ErrUnknown) || (err == nil && c.AccountID != accountID) {
		return "", domain.NotFound("media_not_found", "no such media")
	}
	if err != nil {
		return "", err
	}
	if key, err := m.ledger.MediaKey(ctx, ref); err != nil || key != "" {
		return key, err
	}
	md, err := m.mediaOf(ctx, ref)
	if err != nil {
		return "", err
	}
	if key, ok := strings.CutPrefix(md.Ref, BlobRef); ok {
		return key, nil
	}
	in, err := m.inboxes.Get(ctx, c.InboxID)
	if err != nil {
		return "", err
	}
	a, err := m.adapters.For(in.Channel)
	if err != nil {
		return "", err
	}
	src, ok := a.(media.Source)
	if !ok {
		return "", media.ErrNoSource
	}
	req, hosts, err := src.MediaRequest(ctx, in, md)
	if err != nil {
		return "", err
	}
	key, err := m.fetcher.Fetch(ctx, req, hosts)
	if err != nil {
		return "", err
	}
	return key, m.ledger.SetMediaKey(ctx, ref, key)
}

// mediaOf finds a message's media (inbound, or outbound stored by Parley).
func (m *Media) mediaOf(ctx context.Context, ref ledger.OutboundRef) (conversation.Media, error) {
	return m.mediaIn(ctx, "", ref)
}
