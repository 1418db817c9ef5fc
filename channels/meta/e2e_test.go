package meta_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/channeltest"
	"github.com/parley-inbox/parley/channels/fakes/graphfake"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestConversationsEndToEnd(t *testing.T) {
	for _, tc := range []struct {
		channel conversation.Channel
		object  string
		account string
	}{
		{conversation.ChannelMessenger, "page", "1234567890"},
		{conversation.ChannelInstagram, "instagram", "17841400000000000"},
	} {
		t.Run(string(tc.channel), func(t *testing.T) {
			h := channeltest.New(t)
			fake := graphfake.New(graphfake.Config{Object: tc.object, AccountID: tc.account, AccessToken: "page-token", AppSecret: "app-secret"})
			t.Cleanup(fake.Close)
			h.Connect(channels.Inbox{ID: "meta-1", AccountID: "acme", Channel: tc.channel, Name: "Meta", ProviderAccountID: tc.account,
				APIBaseURL: fake.URL(), Credentials: channels.Credentials{AccessToken: "page-token", AppSecret: "app-secret", VerifyToken: "v"}})
			fake.SetWebhookURL(h.WebhookURL("meta-1"))
			post := func(body []byte) {
				t.Helper()
				if status, err := fake.Post(t.Context(), body); err != nil || status != http.StatusOK {
					t.Fatalf("webhook answered %d, %v", status, err)
				}
			}
			const customer = "2345678901"
			convID := ledger.ConversationID("meta-1", customer)
			now := time.Now()
			post(fake.Event(customer, now, map[string]any{"message": map[string]any{"mid": "m_in1", "attachments": []any{
				map[string]any{"type": "image", "payload": map[string]any{"url": "https://scontent.xx.fbcdn.net/v/photo.jpg"}}}}}))
			if got := h.Events(convID)[2].(conversation.MessageReceived); got.Type != conversation.TypeImage {
				t.Fatalf("received %+v", got)
			}
			if err := h.Reply("acme", convID, conversation.SendMessage{MessageID: "r1", Kind: conversation.KindText, Text: "Hi!"}); err != nil {
				t.Fatal(err)
			}
			h.Dispatch()
			h.Redeliver()
			sent := fake.Sent()
			if len(sent) != 1 || sent[0].Body["recipient"].(map[string]any)["id"] != customer {
				t.Fatalf("sent %+v", sent)
			}
			post(fake.Event(customer, now, map[string]any{"delivery": map[string]any{"mids": []string{sent[0].MessageID}, "watermark": now.UnixMilli()}}))
			read := map[string]any{"watermark": now.UnixMilli()} // Messenger: a watermark
			if tc.channel == conversation.ChannelInstagram {
				read = map[string]any{"mid": sent[0].MessageID}
			}
			post(fake.Event(customer, now, map[string]any{"read": read}))
			if s := h.State(convID).Messages["r1"].Status; s != conversation.StatusRead {
				t.Fatalf("status %s", s)
			}
		})
	}
}
