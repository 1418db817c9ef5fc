package whatsapp_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/channeltest"
	"github.com/parley-inbox/parley/channels/fakes/whatsappfake"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const (
	phoneID  = "106540352242922"
	customer = "16505551234"
)

func setup(t *testing.T) (*channeltest.Harness, *whatsappfake.Server) {
	h := channeltest.New(t)
	fake := whatsappfake.New(whatsappfake.Config{PhoneNumberID: phoneID, AccessToken: "token-1", AppSecret: "app-secret"})
	t.Cleanup(fake.Close)
	h.Connect(channels.Inbox{ID: "wa-1", AccountID: "acme", Channel: conversation.ChannelWhatsApp, Name: "Support WA",
		ProviderAccountID: phoneID, APIBaseURL: fake.URL(),
		Credentials: channels.Credentials{AccessToken: "token-1", AppSecret: "app-secret", VerifyToken: "verify-me"}})
	fake.SetWebhookURL(h.WebhookURL("wa-1"))
	return h, fake
}

func post(t *testing.T, fake *whatsappfake.Server, body []byte) {
	t.Helper()
	status, err := fake.PostWebhook(t.Context(), body)
	if err != nil || status != http.StatusOK {
		t.Fatalf("webhook answered %d, %v", status, err)
	}
}

func TestConversationEndToEnd(t *testing.T) {
	h, fake := setup(t)
	convID := ledger.ConversationID("wa-1", customer)
	now := time.Now()

	// Inbound image, delivered twice by the provider.
	fake.AddMedia("media-1", whatsappfake.Media{MimeType: "image/jpeg", Data: []byte("\xff\xd8\xff fake jpeg")})
	in := fake.ImageMessage(customer, "Sheena Nelson", "wamid.IN1", "media-1", "the broken part", now)
	post(t, fake, in)
	post(t, fake, in)
	events := h.Events(convID)
	if n := channeltest.Count[conversation.MessageReceived](events); n != 1 {
		t.Fatalf("%d messages received, want 1", n)
	}
	if n := channeltest.Count[conversation.Opened](events); n != 1 {
		t.Fatalf("%d opened events", n)
	}
	got := events[2].(conversation.MessageReceived)
	if got.Type != conversation.TypeImage || got.Media.Ref != "media-1" || got.Media.Caption != "the broken part" {
		t.Fatalf("received %+v", got)
	}

	// The media is downloaded from the provider and served by signed URL.
	if err := h.System.PrefetchNow(t.Context(), convID, got.MessageID); err != nil {
		t.Fatal(err)
	}
	if body := fetch(t, h, "acme", convID, got.MessageID); body != "\xff\xd8\xff fake jpeg" {
		t.Fatalf("media body %q", body)
	}

	// Agent reply -> provider request, once, even when the event is redelivered.
	if err := h.Reply("acme", convID, conversation.SendMessage{MessageID: "reply-1", Kind: conversation.KindText, Text: "Sorry! A new one is on its way."}); err != nil {
		t.Fatal(err)
	}
	h.Dispatch()
	h.Redeliver()
	sent := fake.Sent()
	if len(sent) != 1 {
		t.Fatalf("%d provider requests, want 1", len(sent))
	}
	if sent[0].Body["to"] != customer || sent[0].Body["text"].(map[string]any)["body"] != "Sorry! A new one is on its way." {
		t.Fatalf("provider got %v", sent[0].Body)
	}
	if s := h.State(convID).Messages["reply-1"].Status; s != conversation.StatusSent {
		t.Fatalf("status after send = %s", s)
	}

	// Statuses, out of order and repeated: read before delivered, sent again last.
	wamid := sent[0].ID
	post(t, fake, fake.StatusUpdate(wamid, customer, "read", now))
	post(t, fake, fake.StatusUpdate(wamid, customer, "delivered", now))
	post(t, fake, fake.StatusUpdate(wamid, customer, "sent", now))
	post(t, fake, fake.StatusUpdate("wamid.UNKNOWN", customer, "read", now))
	if s := h.State(convID).Messages["reply-1"].Status; s != conversation.StatusRead {
		t.Fatalf("status = %s, want read", s)
	}
	if n := channeltest.Count[conversation.DeliveryStatusRecorded](h.Events(convID)); n != 2 {
		t.Fatalf("%d status events, want 2 (sent, read)", n)
	}
	health, err := h.System.Admin.HealthOf(t.Context(), "wa-1")
	if err != nil {
		t.Fatal(err)
	}
	if health.SendsOK != 1 || health.DuplicatesDropped != 1 || health.LastInboundAt == nil || health.LastOutboundOKAt == nil {
		t.Fatalf("health = %+v", health)
	}
}

func TestSendFailuresAndRetries(t *testing.T) {
	h, fake := setup(t)
	convID := ledger.ConversationID("wa-1", customer)
	post(t, fake, fake.TextMessage(customer, "Sheena", "wamid.IN1", "hello", time.Now()))

	fake.FailNext(whatsappfake.Failure{Status: 500, Code: 131000, Message: "Something went wrong"})
	if err := h.Reply("acme", convID, conversation.SendMessage{MessageID: "r1", Kind: conversation.KindText, Text: "one"}); err != nil {
		t.Fatal(err)
	}
	h.Dispatch()
	if s := h.State(convID).Messages["r1"].Status; s != conversation.StatusSent || len(fake.Sent()) != 1 {
		t.Fatalf("after a retryable failure: status %s, %d sent", s, len(fake.Sent()))
	}

	fake.FailNext(whatsappfake.Failure{Status: 400, Code: 131026, Message: "Message undeliverable"})
	if err := h.Reply("acme", convID, conversation.SendMessage{MessageID: "r2", Kind: conversation.KindText, Text: "two"}); err != nil {
		t.Fatal(err)
	}
	h.Dispatch()
	if s := h.State(convID).Messages["r2"].Status; s != conversation.StatusFailed {
		t.Fatalf("after a permanent failure: status %s", s)
	}
	health, err := h.System.Admin.HealthOf(t.Context(), "wa-1")
	if err != nil || health.SendsFailed != 1 || health.ErrorRate != 0.5 {
		t.Fatalf("health = %+v, %v", health, err)
	}
}

func TestTemplateOutsideTheWindow(t *testing.T) {
	h, fake := setup(t)
	convID := ledger.ConversationID("wa-1", customer)
	post(t, fake, fake.TextMessage(customer, "Sheena", "wamid.OLD", "hello", time.Now()))
	h.Advance(25 * time.Hour)
	err := h.Reply("acme", convID, conversation.SendMessage{MessageID: "late", Kind: conversation.KindText, Text: "still there?"})
	if !errors.Is(err, domain.ErrConflict) || !strings.Contains(err.Error(), "24-hour window") {
		t.Fatalf("free text outside the window: %v", err)
	}
	err = h.Reply("acme", convID, conversation.SendMessage{MessageID: "t1", Kind: conversation.KindTemplate,
		Template: &conversation.Template{Name: "order_update", Language: "en_US", Params: []string{"Sheena", "#1043"}}})
	if err != nil {
		t.Fatal(err)
	}
	h.Dispatch()
	sent := fake.Sent()
	if len(sent) != 1 || sent[0].Body["type"] != "template" {
		t.Fatalf("sent %v", sent)
	}
	tpl := sent[0].Body["template"].(map[string]any)
	if tpl["name"] != "order_update" || tpl["language"].(map[string]any)["code"] != "en_US" {
		t.Fatalf("template %v", tpl)
	}
	params := tpl["components"].([]any)[0].(map[string]any)["parameters"].([]any)
	if len(params) != 2 || params[1].(map[string]any)["text"] != "#1043" {
		t.Fatalf("template parameters %v", params)
	}
}

func TestWebhookSecurity(t *testing.T) {
	h, fake := setup(t)
	body := fake.TextMessage(customer, "Sheena", "wamid.X", "hi", time.Now())
	resp, err := http.Post(h.WebhookURL("wa-1"), "application/json", bytesReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("unsigned webhook answered %d", resp.StatusCode)
	}
	resp, err = http.Get(h.WebhookURL("wa-1") + "?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=42")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("challenge answered %d", resp.StatusCode)
	}
	resp, err = http.Get(h.WebhookURL("nope") + "?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=42")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown inbox answered %d", resp.StatusCode)
	}
	health, err := h.System.Admin.HealthOf(t.Context(), "wa-1")
	if err != nil || health.SignatureFailures != 1 {
		t.Fatalf("health = %+v, %v", health, err)
	}
}

// Meta sends all of an app's phone numbers to one webhook URL: a delivery
// for another number of the same tenant reaches that number's inbox, never
// another tenant's.
func TestOneWebhookForSeveralNumbers(t *testing.T) {
	h, _ := setup(t)
	creds := channels.Credentials{AccessToken: "token-1", AppSecret: "app-secret"}
	h.Connect(channels.Inbox{ID: "wa-2", AccountID: "acme", Channel: conversation.ChannelWhatsApp, Name: "Sales", ProviderAccountID: "2222", Credentials: creds})
	h.Connect(channels.Inbox{ID: "wa-x", AccountID: "globex", Channel: conversation.ChannelWhatsApp, Name: "Other", ProviderAccountID: "3333", Credentials: creds})
	for _, phone := range []string{"2222", "3333"} {
		other := whatsappfake.New(whatsappfake.Config{PhoneNumberID: phone, AccessToken: "token-1", AppSecret: "app-secret"})
		t.Cleanup(other.Close)
		other.SetWebhookURL(h.WebhookURL("wa-1"))
		post(t, other, other.TextMessage(customer, "Sheena", "wamid.TO"+phone, "hello "+phone, time.Now()))
	}
	if n := channeltest.Count[conversation.MessageReceived](h.Events(ledger.ConversationID("wa-2", customer))); n != 1 {
		t.Fatalf("the sales inbox got %d messages", n)
	}
	if _, err := h.Store.ReadStream(t.Context(), conversation.StreamName(ledger.ConversationID("wa-x", customer)), eventstore.ReadStreamOptions{}); err == nil {
		t.Fatal("another tenant's inbox got the message")
	}
}
