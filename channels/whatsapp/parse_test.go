package whatsapp

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
)

var testInbox = channels.Inbox{ID: "wa-1", Channel: conversation.ChannelWhatsApp, ProviderAccountID: "106540352242922",
	Credentials: channels.Credentials{AppSecret: "app-secret", VerifyToken: "verify-me"}}

func fixture(t *testing.T, name string) channels.WebhookRequest {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	h.Set("X-Hub-Signature-256", channels.MetaSignature("app-secret", body))
	return channels.WebhookRequest{Method: http.MethodPost, Header: h, Body: body}
}

func TestParseEveryMessageType(t *testing.T) {
	tests := []struct {
		fixture string
		typ     conversation.MessageType
		check   func(conversation.ReceiveMessage) bool
	}{
		{"text", conversation.TypeText, func(m conversation.ReceiveMessage) bool { return m.Text == "Does it come in another color?" }},
		{"image", conversation.TypeImage, func(m conversation.ReceiveMessage) bool {
			return m.Media.Ref == "1003383421387256" && m.Media.MimeType == "image/jpeg" && m.Media.Caption == "Wrong size delivered"
		}},
		{"audio", conversation.TypeAudio, func(m conversation.ReceiveMessage) bool { return m.Media.MimeType == "audio/ogg" }},
		{"video", conversation.TypeVideo, func(m conversation.ReceiveMessage) bool { return m.Media.Ref == "1175843370653349" }},
		{"document", conversation.TypeDocument, func(m conversation.ReceiveMessage) bool { return m.Media.Filename == "invoice-1043.pdf" }},
		{"sticker", conversation.TypeSticker, func(m conversation.ReceiveMessage) bool { return m.Media.MimeType == "image/webp" }},
		{"location", conversation.TypeLocation, func(m conversation.ReceiveMessage) bool {
			return m.Location.Lat == 37.483307 && m.Location.Name == "Main Street Beach"
		}},
		{"contacts", conversation.TypeContact, func(m conversation.ReceiveMessage) bool {
			return m.Contact.Name == "Barbara J. Johnson" && m.Contact.Emails[0] == "bjohnson@example.com"
		}},
		{"interactive_button", conversation.TypeInteractive, func(m conversation.ReceiveMessage) bool { return m.Interactive.ReplyID == "cancel-order" }},
		{"interactive_list", conversation.TypeInteractive, func(m conversation.ReceiveMessage) bool { return m.Interactive.Title == "Express Shipping" }},
		{"button", conversation.TypeInteractive, func(m conversation.ReceiveMessage) bool { return m.Interactive.ReplyID == "STOP_PROMOS" }},
		{"order", conversation.TypeProduct, func(m conversation.ReceiveMessage) bool { return m.Product.ProductID == "di9ozbzfi4" && m.Text != "" }},
		{"product_enquiry", conversation.TypeProduct, func(m conversation.ReceiveMessage) bool {
			return m.Product.CatalogID == "194836987003835" && m.Text == "Is this in stock?"
		}},
		{"referral", conversation.TypeText, func(m conversation.ReceiveMessage) bool {
			return m.Referral.Source == "meta_ads" && m.Referral.AdID == "120226305854810726"
		}},
		{"reaction", conversation.TypeText, func(m conversation.ReceiveMessage) bool { return m.Text == "reacted 👍" }},
	}
	a := New(nil)
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			req := fixture(t, tt.fixture)
			if err := a.VerifyWebhook(testInbox, req); err != nil {
				t.Fatalf("verify: %v", err)
			}
			in, err := a.ParseWebhook(testInbox, req)
			if err != nil {
				t.Fatal(err)
			}
			if len(in.Messages) != 1 {
				t.Fatalf("got %d messages", len(in.Messages))
			}
			im := in.Messages[0]
			m := im.Message
			if im.ProviderContactID != "16505551234" || im.ContactName != "Sheena Nelson" {
				t.Errorf("contact = %q %q", im.ProviderContactID, im.ContactName)
			}
			if m.Type != tt.typ || !tt.check(m) {
				t.Errorf("message = %+v", m)
			}
			m.MessageID = "in-1"
			if err := m.Validate(); err != nil {
				t.Errorf("the command is invalid: %v", err)
			}
		})
	}
}

func TestUnsupportedMessagesAreSkipped(t *testing.T) {
	in, err := New(nil).ParseWebhook(testInbox, fixture(t, "unsupported"))
	if err != nil || len(in.Messages) != 0 {
		t.Fatalf("got %+v, %v", in, err)
	}
}

func TestParseStatuses(t *testing.T) {
	tests := []struct {
		fixture string
		status  conversation.DeliveryStatus
		code    string
	}{
		{"status_sent", conversation.StatusSent, ""},
		{"status_delivered", conversation.StatusDelivered, ""},
		{"status_read", conversation.StatusRead, ""},
		{"status_failed", conversation.StatusFailed, "131047"},
	}
	for _, tt := range tests {
		in, err := New(nil).ParseWebhook(testInbox, fixture(t, tt.fixture))
		if err != nil || len(in.Statuses) != 1 {
			t.Fatalf("%s: %+v, %v", tt.fixture, in, err)
		}
		s := in.Statuses[0]
		if s.Status != tt.status || s.ErrorCode != tt.code || s.At.IsZero() || s.ProviderMessageID == "" {
			t.Errorf("%s: %+v", tt.fixture, s)
		}
	}
}

func TestParseQualityUpdate(t *testing.T) {
	in, err := New(nil).ParseWebhook(testInbox, fixture(t, "quality"))
	if err != nil || in.Quality == nil || in.Quality.Rating != "RED" {
		t.Fatalf("got %+v, %v", in.Quality, err)
	}
}

func TestOtherPhoneNumbersAreIgnored(t *testing.T) {
	other := testInbox
	other.ProviderAccountID = "999"
	in, err := New(nil).ParseWebhook(other, fixture(t, "text"))
	if err != nil || len(in.Messages) != 0 {
		t.Fatalf("got %+v, %v", in, err)
	}
}
