package conversation

import (
	"strings"
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain"
)

func TestDecideReactionsAndCatalogMessages(t *testing.T) {
	withWamid := MessageReceived{MessageID: "in-1", Type: TypeText, Text: "hi", ProviderMessageID: "wamid.IN1", SentAt: t0, ReceivedAt: t0.Add(-time.Hour), Session: 1}
	recent := given(opened(ChannelWhatsApp), ev(withWamid))
	stale := given(opened(ChannelWhatsApp), ev(MessageReceived{MessageID: "in-1", Type: TypeText, Text: "hi", ProviderMessageID: "wamid.IN1", ReceivedAt: t0.Add(-25 * time.Hour), Session: 1}))
	react := SendMessage{MessageID: "out-1", Kind: KindReaction, Reaction: &Reaction{MessageID: "in-1", Emoji: "👍"}}
	product := SendMessage{MessageID: "out-2", Kind: KindProduct, Text: "Our best seller", Catalog: &Catalog{CatalogID: "cat-1", ProductID: "sku-1", Footer: "Free shipping"}}
	list := SendMessage{MessageID: "out-3", Kind: KindProductList, Text: "Pick one", Catalog: &Catalog{CatalogID: "cat-1", Header: "Spring sale",
		Sections: []CatalogSection{{Title: "Shoes", ProductIDs: []string{"sku-1", "sku-2"}}, {Title: "Bags", ProductIDs: []string{"sku-9"}}}}}
	withCatalog := func(c Catalog) SendMessage {
		return SendMessage{MessageID: "out-9", Kind: KindProductList, Text: "Pick one", Catalog: &c}
	}
	many := make([]string, MaxCatalogProducts+1)
	for i := range many {
		many[i] = "sku-" + strings.Repeat("x", i+1)
	}
	runDecide(t, []decideCase{
		{Name: "a reaction names the customer's message by its wamid", Given: recent, When: react,
			Then: ev(MessageSent{MessageID: "out-1", Kind: KindReaction, Reaction: &Reaction{MessageID: "in-1", Emoji: "👍", ProviderMessageID: "wamid.IN1"}, Session: 1})},
		{Name: "a reaction outside the window", Given: stale, When: react, Kind: domain.KindConflict, Code: CodeWhatsAppWindowClosed},
		{Name: "a reaction to an unknown message", Given: recent, When: SendMessage{MessageID: "out-1", Kind: KindReaction, Reaction: &Reaction{MessageID: "nope", Emoji: "👍"}},
			Kind: domain.KindInvalid, Code: CodeMessageNotFound, Field: "reaction.message_id"},
		{Name: "a reaction to an agent's message", Given: given(recent, ev(MessageSent{MessageID: "out-0", Kind: KindText, Text: "x", Session: 1})),
			When: SendMessage{MessageID: "out-1", Kind: KindReaction, Reaction: &Reaction{MessageID: "out-0", Emoji: "👍"}},
			Kind: domain.KindInvalid, Code: CodeMessageNotFound, Field: "reaction.message_id"},
		{Name: "a reaction to a message without provider id", Given: given(opened(ChannelWhatsApp), ev(inbound("in-1", t0))), When: react,
			Kind: domain.KindInvalid, Code: CodeMessageNotFound, Field: "reaction.message_id", Msg: "provider id"},
		{Name: "reactions are refused on SMS", Given: given(opened(ChannelSMS), ev(withWamid)), When: react,
			Kind: domain.KindInvalid, Code: CodeUnsupportedByChannel, Field: "kind", Msg: "reaction messages cannot be sent on sms"},
		{Name: "the caller cannot set the provider id", Given: recent,
			When: SendMessage{MessageID: "out-1", Kind: KindReaction, Reaction: &Reaction{MessageID: "in-1", Emoji: "👍", ProviderMessageID: "wamid.X"}},
			Kind: domain.KindInvalid, Code: domain.CodeBadValue, Field: "reaction.provider_message_id"},
		{Name: "a reaction is one emoji", Given: recent, When: SendMessage{MessageID: "out-1", Kind: KindReaction, Reaction: &Reaction{MessageID: "in-1", Emoji: "ok"}},
			Kind: domain.KindInvalid, Code: domain.CodeBadValue, Field: "reaction.emoji"},
		{Name: "a reaction needs an emoji", Given: recent, When: SendMessage{MessageID: "out-1", Kind: KindReaction, Reaction: &Reaction{MessageID: "in-1"}},
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "reaction.emoji"},
		{Name: "removing a reaction", Given: recent, When: SendMessage{MessageID: "out-2", Kind: KindReaction, Reaction: &Reaction{MessageID: "in-1", Remove: true}},
			Then: ev(MessageSent{MessageID: "out-2", Kind: KindReaction, Reaction: &Reaction{MessageID: "in-1", Remove: true, ProviderMessageID: "wamid.IN1"}, Session: 1})},
		{Name: "a removal names no emoji", Given: recent, When: SendMessage{MessageID: "out-1", Kind: KindReaction, Reaction: &Reaction{MessageID: "in-1", Emoji: "👍", Remove: true}},
			Kind: domain.KindInvalid, Code: domain.CodeBadValue, Field: "reaction.emoji"},
		{Name: "a reaction carries no text", Given: recent, When: SendMessage{MessageID: "out-1", Kind: KindReaction, Text: "x", Reaction: &Reaction{MessageID: "in-1", Emoji: "👍"}},
			Kind: domain.KindInvalid, Code: domain.CodeBadValue, Field: "text"},
		{Name: "reaction without kind reaction", Given: recent, When: SendMessage{MessageID: "out-1", Kind: KindText, Text: "x", Reaction: &Reaction{MessageID: "in-1", Emoji: "👍"}},
			Kind: domain.KindInvalid, Code: domain.CodeBadValue, Field: "reaction"},
		{Name: "single product", Given: recent, When: product,
			Then: ev(MessageSent{MessageID: "out-2", Kind: KindProduct, Text: "Our best seller", Catalog: product.Catalog, Session: 1})},
		{Name: "product list", Given: recent, When: list,
			Then: ev(MessageSent{MessageID: "out-3", Kind: KindProductList, Text: "Pick one", Catalog: list.Catalog, Session: 1})},
		{Name: "a product list outside the window", Given: stale, When: list, Kind: domain.KindConflict, Code: CodeWhatsAppWindowClosed},
		{Name: "products are refused on Telegram", Given: opened(ChannelTelegram), When: product,
			Kind: domain.KindInvalid, Code: CodeUnsupportedByChannel, Field: "kind"},
		{Name: "product without catalog", Given: recent, When: SendMessage{MessageID: "out-2", Kind: KindProduct},
			Kind: domain.KindInvalid, Code: CodeMissingContent, Field: "catalog"},
		{Name: "product without product id", Given: recent, When: SendMessage{MessageID: "out-2", Kind: KindProduct, Catalog: &Catalog{CatalogID: "c"}},
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "catalog.product_id"},
		{Name: "single product with sections", Given: recent, When: SendMessage{MessageID: "out-2", Kind: KindProduct, Catalog: &Catalog{CatalogID: "c", ProductID: "p", Sections: list.Catalog.Sections}},
			Kind: domain.KindInvalid, Code: domain.CodeBadValue, Field: "catalog.sections"},
		{Name: "catalog on a text message", Given: recent, When: SendMessage{MessageID: "out-2", Kind: KindText, Text: "x", Catalog: product.Catalog},
			Kind: domain.KindInvalid, Code: domain.CodeBadValue, Field: "catalog"},
		{Name: "list without header", Given: recent, When: withCatalog(Catalog{CatalogID: "c", Sections: list.Catalog.Sections}),
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "catalog.header"},
		{Name: "list without body", Given: recent, When: SendMessage{MessageID: "out-9", Kind: KindProductList, Catalog: list.Catalog},
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "text"},
		{Name: "list without sections", Given: recent, When: withCatalog(Catalog{CatalogID: "c", Header: "h"}),
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "catalog.sections"},
		{Name: "list with an untitled section among several", Given: recent,
			When: withCatalog(Catalog{CatalogID: "c", Header: "h", Sections: []CatalogSection{{ProductIDs: []string{"a"}}, {Title: "B", ProductIDs: []string{"b"}}}}),
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "catalog.sections.title"},
		{Name: "list with an empty section", Given: recent, When: withCatalog(Catalog{CatalogID: "c", Header: "h", Sections: []CatalogSection{{Title: "A"}}}),
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "catalog.sections.product_ids"},
		{Name: "list of 31 products", Given: recent, When: withCatalog(Catalog{CatalogID: "c", Header: "h", Sections: []CatalogSection{{Title: "A", ProductIDs: many}}}),
			Kind: domain.KindInvalid, Code: domain.CodeTooMany, Field: "catalog.sections.product_ids"},
		{Name: "list of 11 sections", Given: recent, When: withCatalog(Catalog{CatalogID: "c", Header: "h", Sections: make([]CatalogSection, MaxCatalogSections+1)}),
			Kind: domain.KindInvalid, Code: domain.CodeTooMany, Field: "catalog.sections"},
		{Name: "header of 61 characters", Given: recent, When: withCatalog(Catalog{CatalogID: "c", Header: strings.Repeat("h", 61), Sections: list.Catalog.Sections}),
			Kind: domain.KindInvalid, Code: domain.CodeTooLong, Field: "catalog.header"},
		{Name: "an agent may open a WhatsApp conversation with a template only", When: OpenConversation{InboxID: "i", Channel: ChannelWhatsApp, ContactID: "c", FirstOutbound: &product},
			Kind: domain.KindInvalid, Code: CodeTemplateRequired, Field: "first_outbound"},
		{Name: "products cannot open an SMS conversation", When: OpenConversation{InboxID: "i", Channel: ChannelSMS, ContactID: "c", FirstOutbound: &product},
			Kind: domain.KindInvalid, Code: CodeUnsupportedByChannel, Field: "first_outbound.kind"},
	})
}

// Reaction and catalog are optional v1 fields: a payload written before
// they existed decodes as it always did.
func TestMessageSentV1WithoutTheNewFieldsDecodes(t *testing.T) {
	codec, err := NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	e, err := codec.Decode(TypeMessageSent, 1, []byte(`{"message_id":"m","kind":"text","text":"hi","session":2}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := e.(MessageSent); got.Reaction != nil || got.Catalog != nil || got.Text != "hi" || got.Session != 2 {
		t.Fatalf("decoded %+v", got)
	}
}
