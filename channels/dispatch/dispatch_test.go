package dispatch_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/channeltest"
	"github.com/parley-inbox/parley/channels/fakes/whatsappfake"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const customer = "16505551234"

func setup(t *testing.T) (*channeltest.Harness, *whatsappfake.Server, string) {
	h := channeltest.New(t)
	fake := whatsappfake.New(whatsappfake.Config{PhoneNumberID: "1065", AccessToken: "tok", AppSecret: "sec"})
	t.Cleanup(fake.Close)
	h.Connect(channels.Inbox{ID: "wa-1", AccountID: "acme", Channel: conversation.ChannelWhatsApp, Name: "WA", ProviderAccountID: "1065",
		APIBaseURL: fake.URL(), Credentials: channels.Credentials{AccessToken: "tok", AppSecret: "sec"}})
	fake.SetWebhookURL(h.WebhookURL("wa-1"))
	if status, err := fake.PostWebhook(t.Context(), fake.TextMessage(customer, "Sheena", "wamid.IN", "hi", time.Now())); err != nil || status != http.StatusOK {
		t.Fatalf("webhook %d, %v", status, err)
	}
	return h, fake, ledger.ConversationID("wa-1", customer)
}

// A crash after the claim and before the outcome was recorded leaves the
// message "sending": on redelivery it is reported failed, never resent.
func TestUnknownOutcomeIsNotResent(t *testing.T) {
	h, fake, convID := setup(t)
	if err := h.Reply("acme", convID, conversation.SendMessage{MessageID: "r1", Kind: conversation.KindText, Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.System.Admin.Ledger.Claim(t.Context(), ledger.OutboundRef{ConversationID: convID, MessageID: "r1"}, "wa-1"); err != nil {
		t.Fatal(err)
	}
	h.Dispatch()
	if len(fake.Sent()) != 0 {
		t.Fatal("a claimed message was sent again")
	}
	if s := h.State(convID).Messages["r1"].Status; s != conversation.StatusFailed {
		t.Fatalf("status %s", s)
	}
}

// Run consumes the log through the Watermill router from its checkpoint.
func TestRunSendsThroughTheRouter(t *testing.T) {
	h, fake, convID := setup(t)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- h.System.Dispatcher.Run(ctx) }()
	if err := h.Reply("acme", convID, conversation.SendMessage{MessageID: "r1", Kind: conversation.KindText, Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	// Wait on the log itself for the delivery status the dispatcher records.
	wait, stop := context.WithTimeout(ctx, 10*time.Second)
	defer stop()
	recorded := errors.New("recorded")
	err := h.Store.SubscribeAll(wait, 0, func(_ context.Context, ev eventstore.RecordedEvent) error {
		if ev.Type == conversation.TypeDeliveryStatusRecorded {
			return recorded
		}
		return nil
	})
	if !errors.Is(err, recorded) {
		t.Fatalf("the dispatcher did not record the send: %v", err)
	}
	if s := h.State(convID).Messages["r1"].Status; s != conversation.StatusSent {
		t.Fatalf("status %s", s)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(fake.Sent()) != 1 {
		t.Fatalf("%d sends", len(fake.Sent()))
	}
	// Stopped at any point (even before its checkpoint), a restarted
	// dispatcher redelivers from the checkpoint and sends nothing again.
	h.Redeliver()
	if len(fake.Sent()) != 1 {
		t.Fatalf("%d sends after a restart", len(fake.Sent()))
	}
}

// A status that arrives before the dispatcher recorded the provider id is
// parked and applied once it is.
func TestEarlyStatusesAreKept(t *testing.T) {
	h, fake, convID := setup(t)
	if err := h.Reply("acme", convID, conversation.SendMessage{MessageID: "r1", Kind: conversation.KindText, Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	// The fake numbers its wamids; the first send gets this one.
	if status, err := fake.PostWebhook(t.Context(), fake.StatusUpdate("wamid.FAKE00000001", customer, "delivered", time.Now())); err != nil || status != http.StatusOK {
		t.Fatalf("webhook %d, %v", status, err)
	}
	h.Dispatch()
	if s := h.State(convID).Messages["r1"].Status; s != conversation.StatusDelivered {
		t.Fatalf("status %s, want delivered", s)
	}
}

// A reply in a conversation whose inbox was disconnected fails at once and
// does not hold up the messages after it.
func TestDisconnectedInboxFailsTheMessage(t *testing.T) {
	h, _, convID := setup(t)
	if err := h.Reply("acme", convID, conversation.SendMessage{MessageID: "r1", Kind: conversation.KindText, Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Pool.Exec(t.Context(), `DELETE FROM channel_inboxes WHERE id = 'wa-1'`); err != nil {
		t.Fatal(err)
	}
	h.Dispatch()
	if s := h.State(convID).Messages["r1"].Status; s != conversation.StatusFailed {
		t.Fatalf("status %s", s)
	}
}
