package dispatch_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/parley-inbox/parley/channels/channeltest"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/eventstore"
)

// Run sends to several conversations at once: a provider stuck on one
// conversation does not hold up another, while one conversation's messages
// still leave in the order the agent wrote them, once each.
func TestRunSendsConcurrentlyAcrossConversations(t *testing.T) {
	h, fake, slowConv := setup(t)
	const other = "16505550000"
	if status, err := fake.PostWebhook(t.Context(), fake.TextMessage(other, "Ana", "wamid.IN2", "hello", time.Now())); err != nil || status != http.StatusOK {
		t.Fatalf("webhook %d, %v", status, err)
	}
	fastConv := ledger.ConversationID("wa-1", other)
	release := fake.Hold(customer)
	defer release()

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- h.System.Dispatcher.Run(ctx) }()
	texts := []string{"one", "two", "three"}
	for i, text := range texts {
		if err := h.Reply("acme", slowConv, conversation.SendMessage{MessageID: "s" + text, Kind: conversation.KindText, Text: text}); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if err := h.Reply("acme", fastConv, conversation.SendMessage{MessageID: "f1", Kind: conversation.KindText, Text: "fast"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	waitForStatuses(t, h, fastConv, 1)
	for _, s := range fake.Sent() {
		if s.Body["to"] == customer {
			t.Fatal("a held send completed")
		}
	}
	if got := h.State(slowConv).Messages["sone"].Status; got != conversation.StatusQueued {
		t.Fatalf("the held message is %s", got)
	}

	release()
	waitForStatuses(t, h, slowConv, len(texts))
	var order []string
	for _, s := range fake.Sent() {
		if s.Body["to"] == customer {
			order = append(order, s.Body["text"].(map[string]any)["body"].(string))
		}
	}
	if len(order) != len(texts) || order[0] != "one" || order[1] != "two" || order[2] != "three" {
		t.Fatalf("sent in the order %v", order)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// The checkpoint covers every message sent; a full redelivery sends
	// nothing again.
	cp, err := h.System.Admin.Ledger.Checkpoint(t.Context(), "channel-dispatch")
	if err != nil {
		t.Fatal(err)
	}
	if last := lastPosition(t, h, conversation.TypeMessageSent); cp < last {
		t.Fatalf("checkpoint %d is behind the last message at %d", cp, last)
	}
	h.Redeliver()
	if n := len(fake.Sent()); n != len(texts)+1 {
		t.Fatalf("%d sends after a redelivery", n)
	}
}

// waitForStatuses follows the log until a conversation has n delivery
// status events.
func waitForStatuses(t *testing.T, h *channeltest.Harness, convID string, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	defer cancel()
	enough := errors.New("enough")
	seen := 0
	err := h.Store.SubscribeAll(ctx, 0, func(_ context.Context, ev eventstore.RecordedEvent) error {
		if ev.Type == conversation.TypeDeliveryStatusRecorded && ev.Stream == conversation.StreamName(convID) {
			if seen++; seen >= n {
				return enough
			}
		}
		return nil
	})
	if !errors.Is(err, enough) {
		t.Fatalf("%s: %d of %d statuses: %v", convID, seen, n, err)
	}
}

func lastPosition(t *testing.T, h *channeltest.Harness, typ string) uint64 {
	t.Helper()
	evs, err := h.Store.ReadAll(t.Context(), 0, 10_000)
	if err != nil {
		t.Fatal(err)
	}
	var last uint64
	for _, ev := range evs {
		if ev.Type == typ {
			last = ev.Position
		}
	}
	return last
}
