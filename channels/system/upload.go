package system

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/channels/media"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// SignedMediaBase is where the query server serves signed blob URLs to
// agents' browsers (the web app's own origin: api.RegisterMediaRoute on
// its engine at this path).
const SignedMediaBase = "/api/v1"

// Upload stores an agent's attachment and returns the ref a media message
// carries ("blob:<key>"). The caller checks size and type first; the blob
// store's own limits still apply.
func (m *Media) Upload(ctx context.Context, r io.Reader, mime string) (string, error) {
	key, err := m.blobs.Put(ctx, r, mime)
	if err != nil {
		return "", err
	}
	return BlobRef + key, nil
}

// SignedPath returns a short-lived URL path ("/api/v1/media/<key>?exp=&sig=")
// of a blob ref, for the web app's own origin.
func (m *Media) SignedPath(ctx context.Context, ref string) (string, time.Time, error) {
	return m.signed(ctx, SignedMediaBase, ref)
}

// PublicLink returns a short-lived URL of a blob ref on the webhook server,
// the public address providers fetch outbound media from (dispatch).
func (m *Media) PublicLink(ctx context.Context, ref string) (string, error) {
	u, _, err := m.signed(ctx, m.publicURL, ref)
	return u, err
}

func (m *Media) signed(ctx context.Context, base, ref string) (string, time.Time, error) {
	key, ok := strings.CutPrefix(ref, BlobRef)
	if !ok {
		return "", time.Time{}, domain.NotFound("media_not_found", "the media is not stored by Parley")
	}
	signer, err := m.signerFor(ctx)
	if err != nil {
		return "", time.Time{}, err
	}
	u, exp := signer.URL(base, key, time.Now())
	return u, exp, nil
}

// MessageMedia returns the media of a message, sent or received, of one
// of accountID's conversations. Media a provider holds is downloaded into
// the blob store first (once), so that its Ref is then a blob ref; where
// it cannot be (a channel without downloads, a conversation not of a
// connected inbox) the provider's ref is returned as it is.
func (m *Media) MessageMedia(ctx context.Context, accountID, conversationID, messageID string) (conversation.Media, error) {
	ref := ledger.OutboundRef{ConversationID: conversationID, MessageID: messageID}
	md, err := m.mediaIn(ctx, accountID, ref)
	if err != nil || strings.HasPrefix(md.Ref, BlobRef) {
		return md, err
	}
	key, err := m.ensure(ctx, accountID, ref)
	switch {
	case err == nil:
		md.Ref = BlobRef + key
	case errors.Is(err, domain.ErrNotFound) || errors.Is(err, media.ErrNoSource):
	default:
		return conversation.Media{}, err
	}
	return md, nil
}

// mediaPage is how many events a media lookup reads at a time, newest
// first (recent messages are the ones looked at).
const mediaPage = 500

// mediaIn finds a message's media in its conversation's stream; an empty
// accountID skips the account check (the ledger has made it).
func (m *Media) mediaIn(ctx context.Context, accountID string, ref ledger.OutboundRef) (conversation.Media, error) {
	codec, err := conversation.NewCodec()
	if err != nil {
		return conversation.Media{}, err
	}
	notFound := domain.NotFound("media_not_found", "the message has no media")
	opts := eventstore.ReadStreamOptions{Direction: eventstore.Backwards, FromEnd: true, Limit: mediaPage}
	for {
		evs, err := m.store.ReadStream(ctx, conversation.StreamName(ref.ConversationID), opts)
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			return conversation.Media{}, notFound
		}
		if err != nil {
			return conversation.Media{}, fmt.Errorf("channels: read %s: %w", ref.ConversationID, err)
		}
		for _, ev := range evs {
			if accountID != "" && ev.Metadata.AccountID != accountID {
				return conversation.Media{}, notFound
			}
			if md, ok, err := messageMediaOf(codec, ev, ref.MessageID); ok || err != nil {
				return md, err
			}
		}
		if len(evs) < mediaPage || evs[len(evs)-1].Revision == 0 {
			return conversation.Media{}, notFound
		}
		opts = eventstore.ReadStreamOptions{Direction: eventstore.Backwards, From: evs[len(evs)-1].Revision - 1, Limit: mediaPage}
	}
}

// messageMediaOf reports whether ev sent or received messageID with media.
func messageMediaOf(codec *domain.Codec, ev eventstore.RecordedEvent, messageID string) (conversation.Media, bool, error) {
	if ev.Type != conversation.TypeMessageReceived && ev.Type != conversation.TypeMessageSent {
		return conversation.Media{}, false, nil
	}
	e, err := codec.Decode(ev.Type, ev.SchemaVersion, ev.Data)
	if err != nil {
		return conversation.Media{}, false, err
	}
	switch x := e.(type) {
	case conversation.MessageReceived:
		if x.MessageID == messageID && x.Media != nil {
			return *x.Media, true, nil
		}
	case conversation.MessageSent:
		if x.MessageID == messageID && x.Media != nil {
			return *x.Media, true, nil
		}
	}
	return conversation.Media{}, false, nil
}
