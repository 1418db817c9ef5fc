package meta

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
)

var (
	pageInbox = channels.Inbox{ID: "fb-1", Channel: conversation.ChannelMessenger, ProviderAccountID: "1234567890", Credentials: channels.Credentials{AppSecret: "app-secret"}}
	igInbox   = channels.Inbox{ID: "ig-1", Channel: conversation.ChannelInstagram, ProviderAccountID: "17841400000000000", Credentials: channels.Credentials{AppSecret: "app-secret"}}
)

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

func parse(t *testing.T, a *Adapter, in channels.Inbox, name string) channels.Inbound {
	t.Helper()
	req := fixture(t, name)
	if err := a.VerifyWebhook(in, req); err != nil {
		t.Fatal(err)
	}
	out, err := a.ParseWebhook(in, req)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestParseMessages(t *testing.T) {
	tests := []struct {
		fixture string
		typ     conversation.MessageType
		check   func(conversation.ReceiveMessage) bool
	}{
		{"text", conversation.TypeText, func(m conversation.ReceiveMessage) bool { return m.Text == "hello, world!" }},
		{"quick_reply", conversation.TypeInteractive, func(m conversation.ReceiveMessage) bool { return m.Interactive.Title == "Red" }},
		{"image", conversation.TypeImage, func(m conversation.ReceiveMessage) bool { return m.Media.URL != "" }},
		{"audio", conversation.TypeAudio, func(m conversation.ReceiveMessage) bool { return m.Media.URL != "" }},
		{"file", conversation.TypeDocument, func(m conversation.ReceiveMessage) bool { return m.Media.URL != "" }},
		{"location", conversation.TypeLocation, func(m conversation.ReceiveMessage) bool { return m.Location.Lat > 37 }},
		{"postback", conversation.TypeInteractive, func(m conversation.ReceiveMessage) bool { return m.Interactive.ReplyID == "TALK_TO_AGENT" }},
		{"ad_referral", conversation.TypeText, func(m conversation.ReceiveMessage) bool {
			return m.Referral.Source == "meta_ads" && m.Referral.AdID == "6045246247433" && m.Referral.Headline == "Summer sale"
		}},
	}
	a := NewMessenger(nil)
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			out := parse(t, a, pageInbox, tt.fixture)
			if len(out.Messages) != 1 || out.Messages[0].ProviderContactID != "2345678901" {
				t.Fatalf("%+v", out)
			}
			m := out.Messages[0].Message
			m.MessageID = "x"
			if m.Type != tt.typ || !tt.check(m) || m.Validate() != nil {
				t.Fatalf("%+v (valid: %v)", m, m.Validate())
			}
		})
	}
}

func TestEchoesAreSkippedAndStatusesParsed(t *testing.T) {
	a := NewMessenger(nil)
	if out := parse(t, a, pageInbox, "echo"); len(out.Messages)+len(out.Statuses) != 0 {
		t.Fatalf("echo gave %+v", out)
	}
	if out := parse(t, a, pageInbox, "delivery"); len(out.Statuses) != 1 || out.Statuses[0].Status != conversation.StatusDelivered {
		t.Fatalf("delivery gave %+v", out)
	}
	out := parse(t, a, pageInbox, "read")
	if len(out.Statuses) != 1 || out.Statuses[0].ProviderContactID != "2345678901" || out.Statuses[0].Status != conversation.StatusRead {
		t.Fatalf("read gave %+v", out)
	}
}

func TestInstagram(t *testing.T) {
	a := NewInstagram(nil)
	if out := parse(t, a, igInbox, "ig_text"); len(out.Messages) != 1 || out.Messages[0].Message.Text != "hi from instagram" {
		t.Fatalf("%+v", out)
	}
	if out := parse(t, a, igInbox, "ig_read"); len(out.Statuses) != 1 || out.Statuses[0].ProviderMessageID == "" {
		t.Fatalf("%+v", out)
	}
	if _, err := a.ParseWebhook(igInbox, fixture(t, "text")); err == nil {
		t.Fatal("a page payload was accepted by the Instagram adapter")
	}
}
