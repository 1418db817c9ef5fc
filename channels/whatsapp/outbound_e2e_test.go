package whatsapp_test

import (
	"errors"
	"testing"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/ledger"
	"github.com/parley-inbox/parley/channels/whatsapp"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
)

// Reactions and catalog messages reach the Cloud API in its documented
// shapes, and the fake (which checks those shapes) accepts them.
func TestReactionsAndCatalogMessages(t *testing.T) {
	h, fake := setup(t)
	convID := ledger.ConversationID("wa-1", customer)
	post(t, fake, fake.TextMessage(customer, "Sheena", "wamid.IN1", "do you have it in red?", time.Now()))
	replies := []conversation.SendMessage{
		{MessageID: "r1", Kind: conversation.KindReaction, Reaction: &conversation.Reaction{MessageID: ledger.InboundMessageID("wa-1", "wamid.IN1"), Emoji: "👍"}},
		{MessageID: "r2", Kind: conversation.KindProduct, Text: "This one?", Catalog: &conversation.Catalog{CatalogID: "cat-7", ProductID: "shoe-red"}},
		{MessageID: "r3", Kind: conversation.KindProductList, Text: "All our reds", Catalog: &conversation.Catalog{CatalogID: "cat-7", Header: "Red things", Footer: "Sale ends Friday",
			Sections: []conversation.CatalogSection{{Title: "Shoes", ProductIDs: []string{"shoe-red", "shoe-crimson"}}, {Title: "Bags", ProductIDs: []string{"bag-red"}}}}},
		{MessageID: "r1x", Kind: conversation.KindReaction, Reaction: &conversation.Reaction{MessageID: ledger.InboundMessageID("wa-1", "wamid.IN1"), Remove: true}},
	}
	for _, r := range replies {
		if err := h.Reply("acme", convID, r); err != nil {
			t.Fatalf("%s: %v", r.MessageID, err)
		}
	}
	h.Dispatch()
	sent := fake.Sent()
	if len(sent) != 4 {
		t.Fatalf("%d sent", len(sent))
	}
	for _, r := range replies {
		if s := h.State(convID).Messages[r.MessageID].Status; s != conversation.StatusSent {
			t.Fatalf("%s: status %s", r.MessageID, s)
		}
	}
	if r := obj(sent[0].Body, "reaction"); sent[0].Body["type"] != "reaction" || r["message_id"] != "wamid.IN1" || r["emoji"] != "👍" {
		t.Fatalf("reaction request %v", sent[0].Body)
	}
	// Taking the reaction back is the same request with an empty emoji.
	if r := obj(sent[3].Body, "reaction"); sent[3].Body["type"] != "reaction" || r["message_id"] != "wamid.IN1" || r["emoji"] != "" {
		t.Fatalf("reaction removal request %v", sent[3].Body)
	}
	single := obj(sent[1].Body, "interactive")
	if sent[1].Body["type"] != "interactive" || single["type"] != "product" || obj(single, "action")["product_retailer_id"] != "shoe-red" ||
		obj(single, "action")["catalog_id"] != "cat-7" || obj(single, "body")["text"] != "This one?" {
		t.Fatalf("product request %v", sent[1].Body)
	}
	list := obj(sent[2].Body, "interactive")
	sections, _ := obj(list, "action")["sections"].([]any)
	if list["type"] != "product_list" || obj(list, "header")["text"] != "Red things" || obj(list, "footer")["text"] != "Sale ends Friday" || len(sections) != 2 {
		t.Fatalf("product list request %v", sent[2].Body)
	}
	items, _ := sections[0].(map[string]any)["product_items"].([]any)
	if len(items) != 2 || items[1].(map[string]any)["product_retailer_id"] != "shoe-crimson" {
		t.Fatalf("first section %v", sections[0])
	}

	// Free-form: refused once the 24-hour window has closed.
	h.Advance(25 * time.Hour)
	err := h.Reply("acme", convID, conversation.SendMessage{MessageID: "r4", Kind: conversation.KindReaction,
		Reaction: &conversation.Reaction{MessageID: ledger.InboundMessageID("wa-1", "wamid.IN1"), Emoji: "❤️"}})
	if !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("a reaction outside the window: %v", err)
	}
}

// The fake refuses a product list without its required header, as the
// Cloud API does, and the adapter reports it as a final refusal.
func TestFakeRefusesAMalformedProductList(t *testing.T) {
	_, fake := setup(t)
	in := channels.Inbox{ID: "wa-1", Channel: conversation.ChannelWhatsApp, ProviderAccountID: phoneID, APIBaseURL: fake.URL(),
		Credentials: channels.Credentials{AccessToken: "token-1"}}
	msg := conversation.MessageSent{MessageID: "x", Kind: conversation.KindProductList, Text: "body",
		Catalog: &conversation.Catalog{CatalogID: "c", Sections: []conversation.CatalogSection{{ProductIDs: []string{"p"}}}}}
	_, err := whatsapp.New(nil).Send(t.Context(), in, channels.Outbound{To: customer, Message: msg})
	var se *channels.SendError
	if !errors.As(err, &se) || se.Retryable || se.Code != "100" {
		t.Fatalf("send: %v", err)
	}
}

func obj(m map[string]any, key string) map[string]any {
	v, _ := m[key].(map[string]any)
	return v
}
