package channels

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/parley-inbox/parley/domain/conversation"
)

// Inbox is one connected channel account (a WhatsApp phone number, a
// Telegram bot, a Twilio number...) with what an adapter needs to use it.
type Inbox struct {
	ID        string               `json:"id"`
	AccountID string               `json:"account_id"`
	Channel   conversation.Channel `json:"channel"`
	Name      string               `json:"name"`
	// ProviderAccountID is the provider's id of the account: the WhatsApp
	// phone_number_id, the Telegram bot id, the Twilio sender number.
	ProviderAccountID string `json:"provider_account_id"`
	// APIBaseURL is where the provider's API answers; empty means the real
	// provider, tests point it at a fake.
	APIBaseURL  string      `json:"api_base_url,omitempty"`
	Credentials Credentials `json:"-"`
}

// Credentials are an inbox's secrets; they are stored encrypted and never
// leave the server.
type Credentials struct {
	AccessToken   string `json:"access_token,omitempty"`        // Graph token, Telegram bot token, Twilio auth token
	AppSecret     string `json:"app_secret,omitempty"`          // Meta: signs webhooks
	VerifyToken   string `json:"verify_token,omitempty"`        // Meta: GET hub.verify_token
	WebhookSecret string `json:"webhook_secret,omitempty"`      // Telegram: X-Telegram-Bot-Api-Secret-Token
	AccountSID    string `json:"account_sid,omitempty"`         // Twilio
	WebhookURL    string `json:"webhook_url,omitempty"`         // Twilio: the public URL it signs
	BusinessID    string `json:"business_account_id,omitempty"` // WhatsApp: the WABA id (template sync)
	Username      string `json:"username,omitempty"`            // email: SMTP relay login
	Password      string `json:"password,omitempty"`            // email: SMTP relay password
	// Email inbound by IMAP polling instead of (or beside) the SMTP
	// listener: imaps://host:993, imap+starttls://host:143 or
	// imap://host:port; the login defaults to Username/Password.
	IMAPURL         string `json:"imap_url,omitempty"`
	IMAPUsername    string `json:"imap_username,omitempty"`
	IMAPPassword    string `json:"imap_password,omitempty"`
	IMAPPollSeconds int    `json:"imap_poll_seconds,omitempty"` // default 60, at least 10
}

// WebhookRequest is an inbound webhook as received: the raw body is kept
// because signatures are computed over it.
type WebhookRequest struct {
	Method string
	URL    *url.URL
	Header http.Header
	Body   []byte
}

// Inbound is what one webhook delivery reported.
type Inbound struct {
	Messages []InboundMessage
	Statuses []StatusUpdate
	Quality  *QualityUpdate
}

// InboundMessage is a customer's message. Message.MessageID is left empty:
// the intake derives it from the provider id.
type InboundMessage struct {
	ProviderContactID string // wa_id, chat id, phone number, address
	ContactName       string
	Message           conversation.ReceiveMessage
}

// StatusUpdate is a provider's delivery report for an outbound message.
// A report with no ProviderMessageID but a ProviderContactID is a
// watermark (Messenger): it covers every message sent to that contact.
type StatusUpdate struct {
	ProviderMessageID string
	ProviderContactID string
	Status            conversation.DeliveryStatus
	ErrorCode         string
	Reason            string
	At                time.Time
}

// QualityUpdate is a provider's rating of the sending account.
type QualityUpdate struct {
	Rating string // GREEN, YELLOW, RED, FLAGGED...
	Detail string
}

// Outbound is one message to deliver to a contact.
type Outbound struct {
	ConversationID string
	To             string // the contact's provider id
	Message        conversation.MessageSent
	Thread         Thread // email only: what the reply answers
}

// Thread is an email conversation's threading state.
type Thread struct {
	Subject    string
	InReplyTo  string   // the Message-ID answered
	References []string // the chain, oldest first
}

// Adapter connects one provider. Implementations are stateless apart from
// an HTTP client: the inbox carries configuration and credentials.
type Adapter interface {
	Channel() conversation.Channel
	// VerifyWebhook checks the request's signature over its raw body; it
	// returns an error wrapping ErrBadSignature when it does not match.
	VerifyWebhook(in Inbox, req WebhookRequest) error
	// ParseWebhook turns a verified body into what it reports.
	ParseWebhook(in Inbox, req WebhookRequest) (Inbound, error)
	// Send delivers a message and returns the provider's id for it. Errors
	// are *SendError when the provider answered.
	Send(ctx context.Context, in Inbox, out Outbound) (providerMessageID string, err error)
}

// Fanout is implemented by adapters whose provider sends one app's traffic
// for several accounts to one webhook URL (Meta: every phone number or page
// of the app). Accounts names the provider account ids a delivery concerns.
type Fanout interface {
	Accounts(req WebhookRequest) ([]string, error)
}

// Template is a provider-approved message template.
type Template struct {
	Name     string `json:"name"`
	Language string `json:"language"`
	Status   string `json:"status"`
	Category string `json:"category"`
	Body     string `json:"body"` // the body text with {{n}} placeholders
}

// TemplateSource is implemented by adapters whose provider keeps message
// templates (WhatsApp).
type TemplateSource interface {
	Templates(ctx context.Context, in Inbox) ([]Template, error)
}

// Challenger is implemented by adapters whose provider verifies the webhook
// URL with a GET handshake (Meta's hub.challenge).
type Challenger interface {
	Challenge(in Inbox, query url.Values) (string, error)
}
