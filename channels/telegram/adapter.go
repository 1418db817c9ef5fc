// Package telegram is the channel adapter for the Telegram Bot API: webhook
// updates verified by the X-Telegram-Bot-Api-Secret-Token header, parsed
// into inbound messages (text, photo, voice, audio, video, document,
// sticker, location, venue, contact), and sends through sendMessage,
// sendPhoto, sendDocument and sendVoice. Telegram reports no delivery or
// read receipts: a message the API accepted is "sent".
package telegram

import (
	"net/http"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
)

// DefaultBaseURL is the Bot API host; inboxes may override it.
const DefaultBaseURL = "https://api.telegram.org"

// Adapter implements channels.Adapter for Telegram.
type Adapter struct {
	client *http.Client
}

// New returns an adapter using client (a client with a 15 s timeout if nil).
func New(client *http.Client) *Adapter {
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	return &Adapter{client: client}
}

var _ channels.Adapter = (*Adapter)(nil)

// Channel is Telegram.
func (a *Adapter) Channel() conversation.Channel { return conversation.ChannelTelegram }

// VerifyWebhook checks the secret token set with setWebhook.
func (a *Adapter) VerifyWebhook(in channels.Inbox, req channels.WebhookRequest) error {
	if !channels.VerifyToken(in.Credentials.WebhookSecret, req.Header.Get("X-Telegram-Bot-Api-Secret-Token")) {
		return channels.ErrBadSignature
	}
	return nil
}

func (a *Adapter) baseURL(in channels.Inbox) string {
	if in.APIBaseURL != "" {
		return in.APIBaseURL
	}
	return DefaultBaseURL
}
