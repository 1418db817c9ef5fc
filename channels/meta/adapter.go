// Package meta is the channel adapter for Messenger and Instagram Direct,
// which share Meta's Graph webhooks (X-Hub-Signature-256, hub.challenge;
// messaging events: messages, postbacks, referrals, deliveries, reads,
// echoes) and the Send API (POST /{version}/{page-or-ig-id}/messages).
package meta

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
)

// DefaultBaseURL is the Graph API host; inboxes may override it.
const DefaultBaseURL = "https://graph.facebook.com"

// DefaultVersion is the Graph API version used in request paths.
const DefaultVersion = "v21.0"

// Adapter implements channels.Adapter for one of the two channels.
type Adapter struct {
	channel conversation.Channel
	object  string // the webhook "object": page or instagram
	client  *http.Client
	version string
}

// NewMessenger returns the Messenger adapter.
func NewMessenger(client *http.Client) *Adapter {
	return newAdapter(conversation.ChannelMessenger, "page", client)
}

// NewInstagram returns the Instagram Direct adapter.
func NewInstagram(client *http.Client) *Adapter {
	return newAdapter(conversation.ChannelInstagram, "instagram", client)
}

func newAdapter(ch conversation.Channel, object string, client *http.Client) *Adapter {
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	return &Adapter{channel: ch, object: object, client: client, version: DefaultVersion}
}

var (
	_ channels.Adapter    = (*Adapter)(nil)
	_ channels.Challenger = (*Adapter)(nil)
)

// Channel is Messenger or Instagram.
func (a *Adapter) Channel() conversation.Channel { return a.channel }

// VerifyWebhook checks X-Hub-Signature-256 over the raw body.
func (a *Adapter) VerifyWebhook(in channels.Inbox, req channels.WebhookRequest) error {
	if !channels.VerifyMeta(in.Credentials.AppSecret, req.Body, req.Header.Get("X-Hub-Signature-256")) {
		return channels.ErrBadSignature
	}
	return nil
}

// Challenge answers the GET subscription handshake.
func (a *Adapter) Challenge(in channels.Inbox, q url.Values) (string, error) {
	if q.Get("hub.mode") != "subscribe" || !channels.VerifyToken(in.Credentials.VerifyToken, q.Get("hub.verify_token")) {
		return "", fmt.Errorf("meta: verify token: %w", channels.ErrBadSignature)
	}
	return q.Get("hub.challenge"), nil
}

func (a *Adapter) baseURL(in channels.Inbox) string {
	if in.APIBaseURL != "" {
		return in.APIBaseURL
	}
	return DefaultBaseURL
}
