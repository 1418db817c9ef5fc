// Package twilio is the SMS/MMS channel adapter for Twilio's Messaging
// API: form-encoded inbound webhooks and status callbacks verified by
// X-Twilio-Signature (HMAC-SHA1 of the URL and sorted parameters), and
// sends through POST /2010-04-01/Accounts/{sid}/Messages.json.
package twilio

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
)

// DefaultBaseURL is Twilio's API host; inboxes may override it.
const DefaultBaseURL = "https://api.twilio.com"

// Adapter implements channels.Adapter for Twilio SMS.
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

// Channel is SMS.
func (a *Adapter) Channel() conversation.Channel { return conversation.ChannelSMS }

// VerifyWebhook checks X-Twilio-Signature against the URL Twilio called:
// the inbox's configured public webhook URL, or else the request's.
func (a *Adapter) VerifyWebhook(in channels.Inbox, req channels.WebhookRequest) error {
	form, err := url.ParseQuery(string(req.Body))
	if err != nil {
		return fmt.Errorf("twilio: %w: %w", channels.ErrBadSignature, err)
	}
	target := in.Credentials.WebhookURL
	if target == "" && req.URL != nil {
		target = req.URL.String()
	}
	if !channels.VerifyTwilio(in.Credentials.AccessToken, target, form, req.Header.Get("X-Twilio-Signature")) {
		return channels.ErrBadSignature
	}
	return nil
}

// ParseWebhook reads an incoming message or a status callback.
func (a *Adapter) ParseWebhook(in channels.Inbox, req channels.WebhookRequest) (channels.Inbound, error) {
	form, err := url.ParseQuery(string(req.Body))
	if err != nil {
		return channels.Inbound{}, fmt.Errorf("twilio: %w: %w", channels.ErrMalformed, err)
	}
	sid := form.Get("MessageSid")
	if sid == "" {
		return channels.Inbound{}, fmt.Errorf("twilio: %w: no MessageSid", channels.ErrMalformed)
	}
	if st := form.Get("MessageStatus"); st != "" && st != "received" {
		return channels.Inbound{Statuses: []channels.StatusUpdate{statusUpdate(sid, st, form)}}, nil
	}
	rm := conversation.ReceiveMessage{ProviderMessageID: sid, Type: conversation.TypeText, Text: form.Get("Body"), SentAt: time.Now().UTC()}
	if n, _ := strconv.Atoi(form.Get("NumMedia")); n > 0 {
		mt := form.Get("MediaContentType0")
		rm.Type = mediaType(mt)
		rm.Media = &conversation.Media{URL: form.Get("MediaUrl0"), MimeType: mt, Caption: rm.Text}
		rm.Text = ""
	}
	return channels.Inbound{Messages: []channels.InboundMessage{{ProviderContactID: form.Get("From"), Message: rm}}}, nil
}

func statusUpdate(sid, st string, form url.Values) channels.StatusUpdate {
	u := channels.StatusUpdate{ProviderMessageID: sid, At: time.Now().UTC()}
	switch st {
	case "sent":
		u.Status = conversation.StatusSent
	case "delivered":
		u.Status = conversation.StatusDelivered
	case "read":
		u.Status = conversation.StatusRead
	case "failed", "undelivered":
		u.Status, u.ErrorCode, u.Reason = conversation.StatusFailed, form.Get("ErrorCode"), st
	default: // queued, accepted, sending: nothing new
		u.Status = conversation.StatusQueued
	}
	return u
}

func mediaType(mime string) conversation.MessageType {
	switch kind, _, _ := strings.Cut(mime, "/"); kind {
	case "image":
		return conversation.TypeImage
	case "video":
		return conversation.TypeVideo
	case "audio":
		return conversation.TypeAudio
	}
	return conversation.TypeDocument
}

func (a *Adapter) baseURL(in channels.Inbox) string {
	if in.APIBaseURL != "" {
		return in.APIBaseURL
	}
	return DefaultBaseURL
}
