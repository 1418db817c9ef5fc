package telegram

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
)

var testInbox = channels.Inbox{ID: "tg-1", Channel: conversation.ChannelTelegram, Credentials: channels.Credentials{AccessToken: "123:ABC", WebhookSecret: "s3cret"}}

func fixture(t *testing.T, name string) channels.WebhookRequest {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	h.Set("X-Telegram-Bot-Api-Secret-Token", "s3cret")
	return channels.WebhookRequest{Method: http.MethodPost, Header: h, Body: body}
}

func TestParseEveryMessageType(t *testing.T) {
	tests := []struct {
		fixture string
		typ     conversation.MessageType
		check   func(conversation.ReceiveMessage) bool
	}{
		{"text", conversation.TypeText, func(m conversation.ReceiveMessage) bool { return m.Text == "/start" }},
		{"photo", conversation.TypeImage, func(m conversation.ReceiveMessage) bool {
			return m.Media.Ref == "AgADBAADbqcxG-large" && m.Media.Caption == "the scratch"
		}},
		{"voice", conversation.TypeAudio, func(m conversation.ReceiveMessage) bool { return m.Media.MimeType == "audio/ogg" }},
		{"document", conversation.TypeDocument, func(m conversation.ReceiveMessage) bool { return m.Media.Filename == "receipt.pdf" }},
		{"location", conversation.TypeLocation, func(m conversation.ReceiveMessage) bool { return m.Location.Lat == 52.520008 }},
		{"venue", conversation.TypeLocation, func(m conversation.ReceiveMessage) bool { return m.Location.Name == "Eiffel Tower" }},
		{"contact", conversation.TypeContact, func(m conversation.ReceiveMessage) bool { return m.Contact.Phones[0] == "+4915112345678" }},
	}
	a := New(nil)
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			req := fixture(t, tt.fixture)
			if err := a.VerifyWebhook(testInbox, req); err != nil {
				t.Fatal(err)
			}
			in, err := a.ParseWebhook(testInbox, req)
			if err != nil || len(in.Messages) != 1 {
				t.Fatalf("%+v, %v", in, err)
			}
			im := in.Messages[0]
			if im.ProviderContactID != "1111111" || im.ContactName != "Test Lastname" || im.Message.ProviderMessageID == "" {
				t.Errorf("got %+v", im)
			}
			m := im.Message
			m.MessageID = "in-1"
			if m.Type != tt.typ || !tt.check(m) || m.Validate() != nil {
				t.Errorf("got %+v (valid: %v)", m, m.Validate())
			}
		})
	}
}

func TestEditsAreIgnored(t *testing.T) {
	in, err := New(nil).ParseWebhook(testInbox, fixture(t, "edited"))
	if err != nil || len(in.Messages) != 0 {
		t.Fatalf("%+v, %v", in, err)
	}
}

func TestSecretToken(t *testing.T) {
	req := fixture(t, "text")
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "guess")
	if err := New(nil).VerifyWebhook(testInbox, req); !errors.Is(err, channels.ErrBadSignature) {
		t.Fatalf("got %v", err)
	}
	req.Header.Del("X-Telegram-Bot-Api-Secret-Token")
	if err := New(nil).VerifyWebhook(testInbox, req); !errors.Is(err, channels.ErrBadSignature) {
		t.Fatalf("got %v", err)
	}
}
