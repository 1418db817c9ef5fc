// Package email is the email channel: an SMTP listener (go-smtp) takes
// mail for the inboxes' addresses in; messages are parsed with the
// standard library (MIME, charsets, transfer encodings), HTML is reduced to
// text, quoted history is folded away and attachments are kept. Replies go
// out through the inbox's SMTP relay, threaded with In-Reply-To and
// References.
package email

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
)

// Adapter implements channels.Adapter for email.
type Adapter struct {
	dialTimeout time.Duration
}

// New returns the email adapter.
func New() *Adapter { return &Adapter{dialTimeout: 15 * time.Second} }

var _ channels.Adapter = (*Adapter)(nil)

// Channel is email.
func (a *Adapter) Channel() conversation.Channel { return conversation.ChannelEmail }

// VerifyWebhook refuses: email arrives through the SMTP listener, never
// through the webhook routes.
func (a *Adapter) VerifyWebhook(channels.Inbox, channels.WebhookRequest) error {
	return fmt.Errorf("email: no webhooks: %w", channels.ErrBadSignature)
}

// ParseWebhook is never reached (VerifyWebhook refuses).
func (a *Adapter) ParseWebhook(channels.Inbox, channels.WebhookRequest) (channels.Inbound, error) {
	return channels.Inbound{}, errors.New("email: no webhooks")
}

// Send relays the reply through smtp://host:port (the inbox's API base
// URL) and returns its Message-ID.
func (a *Adapter) Send(ctx context.Context, in channels.Inbox, out channels.Outbound) (string, error) {
	if out.Message.Kind == conversation.KindTemplate {
		return "", &channels.SendError{Code: "template_unsupported", Message: "email has no message templates; send text"}
	}
	relay, err := url.Parse(in.APIBaseURL)
	if err != nil || !ValidRelay(relay) {
		return "", &channels.SendError{Code: "no_relay", Message: "the inbox has no smtp://, smtp+starttls:// or smtps:// relay configured"}
	}
	id := messageID(in, out.ConversationID, out.Message.MessageID)
	raw := compose(in, out, id, time.Now())
	dialer := &net.Dialer{Timeout: a.dialTimeout}
	conn, err := dialer.DialContext(ctx, "tcp", relay.Host)
	if err != nil {
		return "", fmt.Errorf("email: dial relay: %w", err)
	}
	c, err := newClient(conn, relay)
	if err != nil {
		_ = conn.Close()
		return "", smtpError(err)
	}
	defer c.Close()
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	}
	if in.Credentials.Username != "" {
		if err := c.Auth(sasl.NewPlainClient("", in.Credentials.Username, in.Credentials.Password)); err != nil {
			return "", smtpError(err)
		}
	}
	if err := c.Mail(in.ProviderAccountID, nil); err != nil {
		return "", smtpError(err)
	}
	if err := c.Rcpt(out.To, nil); err != nil {
		return "", smtpError(err)
	}
	w, err := c.Data()
	if err != nil {
		return "", smtpError(err)
	}
	if _, err := w.Write(raw); err != nil {
		return "", smtpError(err)
	}
	if err := w.Close(); err != nil {
		return "", smtpError(err)
	}
	return id, smtpError(c.Quit())
}

// smtpError classifies an SMTP reply: 4xx is temporary, 5xx final.
func smtpError(err error) error {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		return &channels.SendError{Status: se.Code, Code: fmt.Sprint(se.Code), Message: se.Message, Retryable: se.Code < 500}
	}
	if err != nil {
		return fmt.Errorf("email: smtp: %w", err)
	}
	return nil
}

// messageID is the deterministic Message-ID of an outbound message.
func messageID(in channels.Inbox, conversationID, msgID string) string {
	sum := sha256.Sum256([]byte(in.ID + "\x00" + conversationID + "\x00" + msgID))
	domain := "parley.invalid"
	if at := strings.LastIndexByte(in.ProviderAccountID, '@'); at >= 0 {
		domain = in.ProviderAccountID[at+1:]
	}
	return "<" + hex.EncodeToString(sum[:12]) + "." + msgID + "@" + domain + ">"
}

// ValidRelay reports whether u names an SMTP relay: smtp:// (plain, for
// relays on a private network), smtp+starttls:// or smtps:// (implicit TLS).
func ValidRelay(u *url.URL) bool {
	switch u.Scheme {
	case "smtp", "smtp+starttls", "smtps":
		return u.Host != ""
	}
	return false
}

func newClient(conn net.Conn, relay *url.URL) (*smtp.Client, error) {
	tlsConfig := &tls.Config{ServerName: relay.Hostname(), MinVersion: tls.VersionTLS12}
	switch relay.Scheme {
	case "smtps":
		return smtp.NewClient(tls.Client(conn, tlsConfig)), nil
	case "smtp+starttls":
		return smtp.NewClientStartTLS(conn, tlsConfig)
	}
	return smtp.NewClient(conn), nil
}
