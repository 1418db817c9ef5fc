package telegram_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/channeltest"
	"github.com/parley-inbox/parley/channels/fakes/telegramfake"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestConversationEndToEnd(t *testing.T) {
	h := channeltest.New(t)
	fake := telegramfake.New(telegramfake.Config{Token: "123:ABC", WebhookSecret: "s3cret"})
	t.Cleanup(fake.Close)
	h.Connect(channels.Inbox{ID: "tg-1", AccountID: "acme", Channel: conversation.ChannelTelegram, Name: "Bot",
		ProviderAccountID: "parley_bot", APIBaseURL: fake.URL(),
		Credentials: channels.Credentials{AccessToken: "123:ABC", WebhookSecret: "s3cret"}})
	fake.SetWebhookURL(h.WebhookURL("tg-1"))
	convID := ledger.ConversationID("tg-1", "424242")

	fake.AddFile("photo-1", []byte("jpeg bytes"))
	status, err := fake.PostUpdate(t.Context(), telegramfake.PhotoMessage(424242, "Ivan", "photo-1", "look", time.Now()))
	if err != nil || status != http.StatusOK {
		t.Fatalf("update answered %d, %v", status, err)
	}
	got := h.Events(convID)[2].(conversation.MessageReceived)
	if got.Type != conversation.TypeImage || got.Media.Ref != "photo-1" {
		t.Fatalf("received %+v", got)
	}

	if err := h.Reply("acme", convID, conversation.SendMessage{MessageID: "r1", Kind: conversation.KindText, Text: "Thanks Ivan"}); err != nil {
		t.Fatal(err)
	}
	if err := h.Reply("acme", convID, conversation.SendMessage{MessageID: "r2", Kind: conversation.KindMedia,
		Media: &conversation.Media{URL: "https://example.com/label.pdf", MimeType: "application/pdf", Filename: "label.pdf"}}); err != nil {
		t.Fatal(err)
	}
	fake.FailNext(http.StatusTooManyRequests)
	h.Dispatch()
	h.Redeliver()
	sent := fake.Sent()
	if len(sent) != 2 || sent[0].Method != "sendMessage" || sent[1].Method != "sendDocument" || sent[0].Body["chat_id"] != "424242" {
		t.Fatalf("sent %+v", sent)
	}
	s := h.State(convID)
	if s.Messages["r1"].Status != conversation.StatusSent || s.Messages["r2"].Status != conversation.StatusSent {
		t.Fatalf("statuses %+v", s.Messages)
	}
	resp, err := http.Post(h.WebhookURL("tg-1"), "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("an update without the secret answered %d", resp.StatusCode)
	}
}
