package whatsapp

import (
	"errors"
	"net/url"
	"testing"

	"github.com/parley-inbox/parley/channels"
)

func TestSignatureFailures(t *testing.T) {
	a := New(nil)
	tests := map[string]func(*channels.WebhookRequest){
		"missing header": func(r *channels.WebhookRequest) { r.Header.Del("X-Hub-Signature-256") },
		"wrong secret": func(r *channels.WebhookRequest) {
			r.Header.Set("X-Hub-Signature-256", channels.MetaSignature("other", r.Body))
		},
		"body changed": func(r *channels.WebhookRequest) { r.Body = append(r.Body, ' ') },
		"no sha256 prefix": func(r *channels.WebhookRequest) {
			r.Header.Set("X-Hub-Signature-256", r.Header.Get("X-Hub-Signature-256")[7:])
		},
	}
	for name, spoil := range tests {
		t.Run(name, func(t *testing.T) {
			req := fixture(t, "text")
			spoil(&req)
			if err := a.VerifyWebhook(testInbox, req); !errors.Is(err, channels.ErrBadSignature) {
				t.Fatalf("got %v", err)
			}
		})
	}
}

func TestChallenge(t *testing.T) {
	a := New(nil)
	q := url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {"verify-me"}, "hub.challenge": {"1158201444"}}
	got, err := a.Challenge(testInbox, q)
	if err != nil || got != "1158201444" {
		t.Fatalf("got %q, %v", got, err)
	}
	q.Set("hub.verify_token", "guess")
	if _, err := a.Challenge(testInbox, q); !errors.Is(err, channels.ErrBadSignature) {
		t.Fatalf("wrong token accepted: %v", err)
	}
}
