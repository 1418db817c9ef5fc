// Package graph is what Parley's adapters on Meta's Graph API (WhatsApp,
// Messenger, Instagram Direct) share: the host and version, webhook
// signatures and the subscription handshake, and the POST of a message
// with Meta's error object.
package graph

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/parley-inbox/parley/channels"
)

// DefaultBaseURL is the Graph API host; inboxes may override it.
const DefaultBaseURL = "https://graph.facebook.com"

// DefaultVersion is the Graph API version used in request paths.
const DefaultVersion = "v21.0"

// API is one adapter's access to the Graph API; adapters embed it for
// the webhook checks they all answer the same way.
type API struct {
	name    string // the adapter's, prefixes errors
	client  *http.Client
	version string
}

// NewAPI returns the access of adapter name through client (a client with
// a 15 s timeout if nil).
func NewAPI(name string, client *http.Client) API {
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	return API{name: name, client: client, version: DefaultVersion}
}

// URL is path under the inbox's API base (DefaultBaseURL unless set) and
// the API version.
func (a API) URL(in channels.Inbox, path string) string {
	base := in.APIBaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	return fmt.Sprintf("%s/%s/%s", base, a.version, path)
}

// Do sends req with the adapter's client.
func (a API) Do(req *http.Request) (*http.Response, error) { return a.client.Do(req) }

// VerifyWebhook checks X-Hub-Signature-256 over the raw body.
func (a API) VerifyWebhook(in channels.Inbox, req channels.WebhookRequest) error {
	if !channels.VerifyMeta(in.Credentials.AppSecret, req.Body, req.Header.Get("X-Hub-Signature-256")) {
		return channels.ErrBadSignature
	}
	return nil
}

// Challenge answers Meta's GET verification: hub.mode=subscribe with the
// inbox's verify token echoes hub.challenge.
func (a API) Challenge(in channels.Inbox, q url.Values) (string, error) {
	if q.Get("hub.mode") != "subscribe" || !channels.VerifyToken(in.Credentials.VerifyToken, q.Get("hub.verify_token")) {
		return "", fmt.Errorf("%s: verify token: %w", a.name, channels.ErrBadSignature)
	}
	return q.Get("hub.challenge"), nil
}
