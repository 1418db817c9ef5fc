// Package whatsapp is the channel adapter for the WhatsApp Business Cloud
// API: webhook verification (X-Hub-Signature-256, hub.challenge), webhook
// parsing into inbound messages, statuses and quality updates, and sends
// through POST /{version}/{phone-number-id}/messages.
package whatsapp

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

// Adapter implements channels.Adapter for WhatsApp.
type Adapter struct {
	client  *http.Client
	version string
}

// New returns an adapter using client (a client with a 15 s timeout if nil).
func New(client *http.Client) *Adapter {
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	return &Adapter{client: client, version: DefaultVersion}
}

var (
	_ channels.Adapter    = (*Adapter)(nil)
	_ channels.Challenger = (*Adapter)(nil)
)

// Channel is WhatsApp.
func (a *Adapter) Channel() conversation.Channel { return conversation.ChannelWhatsApp }

// VerifyWebhook checks X-Hub-Signature-256 over the raw body.
func (a *Adapter) VerifyWebhook(in channels.Inbox, req channels.WebhookRequest) error {
	if !channels.VerifyMeta(in.Credentials.AppSecret, req.Body, req.Header.Get("X-Hub-Signature-256")) {
		return channels.ErrBadSignature
	}
	return nil
}

// Challenge answers Meta's GET verification: hub.mode=subscribe with the
// inbox's verify token echoes hub.challenge.
func (a *Adapter) Challenge(in channels.Inbox, q url.Values) (string, error) {
	if q.Get("hub.mode") != "subscribe" || !channels.VerifyToken(in.Credentials.VerifyToken, q.Get("hub.verify_token")) {
		return "", fmt.Errorf("whatsapp: verify token: %w", channels.ErrBadSignature)
	}
	return q.Get("hub.challenge"), nil
}

func (a *Adapter) baseURL(in channels.Inbox) string {
	if in.APIBaseURL != "" {
		return in.APIBaseURL
	}
	return DefaultBaseURL
}
