package twilio_test

import (
	"net/http"
	"testing"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/channeltest"
	"github.com/parley-inbox/parley/channels/fakes/twiliofake"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestConversationEndToEnd(t *testing.T) {
	h := channeltest.New(t)
	fake := twiliofake.New(twiliofake.Config{AccountSID: "AC123", AuthToken: "auth-token", Number: "+15557654321"})
	t.Cleanup(fake.Close)
	webhook := h.WebhookURL("sms-1")
	h.Connect(channels.Inbox{ID: "sms-1", AccountID: "acme", Channel: conversation.ChannelSMS, Name: "SMS",
		ProviderAccountID: "+15557654321", APIBaseURL: fake.URL(),
		Credentials: channels.Credentials{AccountSID: "AC123", AccessToken: "auth-token", WebhookURL: webhook}})
	fake.SetWebhookURL(webhook)
	customer := "+14155550100"
	convID := ledger.ConversationID("sms-1", customer)
	post := func(form map[string][]string) {
		t.Helper()
		if status, err := fake.Post(t.Context(), form); err != nil || status != http.StatusOK {
			t.Fatalf("webhook answered %d, %v", status, err)
		}
	}

	mediaURL := fake.AddMedia("MM1", "ME1", []byte("jpeg"))
	in := fake.Incoming(customer, "MM1", "my parcel", mediaURL, "image/jpeg")
	post(in)
	post(in) // Twilio retries
	events := h.Events(convID)
	if channeltest.Count[conversation.MessageReceived](events) != 1 {
		t.Fatalf("events %v", events)
	}

	if err := h.Reply("acme", convID, conversation.SendMessage{MessageID: "r1", Kind: conversation.KindText, Text: "On its way"}); err != nil {
		t.Fatal(err)
	}
	fake.FailNext(http.StatusServiceUnavailable)
	h.Dispatch()
	h.Redeliver()
	forms, sids := fake.Sent()
	if len(forms) != 1 || forms[0].Get("To") != customer || forms[0].Get("Body") != "On its way" || forms[0].Get("StatusCallback") != webhook {
		t.Fatalf("sent %v", forms)
	}
	post(fake.Status(sids[0], customer, "delivered", ""))
	post(fake.Status(sids[0], customer, "sent", "")) // late
	post(fake.Status(sids[0], customer, "read", ""))
	if s := h.State(convID).Messages["r1"].Status; s != conversation.StatusRead {
		t.Fatalf("status %s", s)
	}
}
