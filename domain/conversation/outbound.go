package conversation

import (
	"strings"
	"unicode"

	"github.com/parley-inbox/parley/domain"
)

// Outbound kinds only some channels carry (WhatsApp's reactions and catalog
// messages).
const (
	KindReaction    OutboundKind = "reaction"
	KindProduct     OutboundKind = "product"      // one catalog product
	KindProductList OutboundKind = "product_list" // sections of catalog products
)

// CodeUnsupportedByChannel is returned when the conversation's channel
// cannot carry a message kind.
const CodeUnsupportedByChannel = "unsupported_by_channel"

// Bounds of catalog messages, as WhatsApp documents them.
const (
	MaxCatalogHeader   = 60
	MaxCatalogBody     = 1024
	MaxCatalogFooter   = 60
	MaxCatalogSections = 10
	MaxSectionTitle    = 24
	MaxCatalogProducts = 30 // across all sections
	MaxReactionEmoji   = 32 // bytes: one emoji, with modifiers and joiners
)

// Reaction is an emoji reaction to one of the customer's messages, or
// (Remove, with no emoji) the removal of the agent's reaction to it.
// ProviderMessageID is not taken from the caller: Decide copies the
// reacted-to message's provider id into the event, so the channel can
// name it.
type Reaction struct {
	MessageID         string `json:"message_id"`
	Emoji             string `json:"emoji,omitempty"`
	Remove            bool   `json:"remove,omitempty"`
	ProviderMessageID string `json:"provider_message_id,omitempty"`
}

// Summary is how a reaction reads in a list or a timeline.
func (r Reaction) Summary() string {
	if r.Remove {
		return "removed a reaction"
	}
	return "reacted " + r.Emoji
}

// Catalog is a catalog message: one product (ProductID) or a product list
// (Header and Sections); the message text is its body.
type Catalog struct {
	CatalogID string           `json:"catalog_id"`
	ProductID string           `json:"product_id,omitempty"`
	Header    string           `json:"header,omitempty"`
	Footer    string           `json:"footer,omitempty"`
	Sections  []CatalogSection `json:"sections,omitempty"`
}

// CatalogSection is one titled group of a product list.
type CatalogSection struct {
	Title      string   `json:"title,omitempty"`
	ProductIDs []string `json:"product_ids"`
}

// Carries reports whether a channel can deliver messages of kind k.
func (c Channel) Carries(k OutboundKind) bool {
	switch k {
	case KindReaction, KindProduct, KindProductList:
		return c == ChannelWhatsApp
	}
	return true
}

func checkReaction(r *Reaction) *domain.Error {
	if r == nil {
		return domain.Invalid("reaction", CodeMissingContent, "is required for a reaction")
	}
	if r.ProviderMessageID != "" {
		return domain.Invalid("reaction.provider_message_id", domain.CodeBadValue, "is set by Parley from the reacted-to message")
	}
	if err := domain.CheckID("reaction.message_id", r.MessageID); err != nil {
		return err
	}
	if r.Remove {
		if r.Emoji != "" {
			return domain.Invalid("reaction.emoji", domain.CodeBadValue, "must be empty when removing a reaction")
		}
		return nil
	}
	if r.Emoji == "" {
		return domain.Invalid("reaction.emoji", domain.CodeRequired, "is required (or remove: true to take the reaction back)")
	}
	if len(r.Emoji) > MaxReactionEmoji || strings.IndexFunc(r.Emoji, notEmoji) >= 0 {
		return domain.Invalid("reaction.emoji", domain.CodeBadValue, "must be one emoji")
	}
	return nil
}

// notEmoji rejects letters, digits, spaces and controls; what is left
// (symbols, joiners, variation selectors) may form an emoji.
func notEmoji(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSpace(r) || unicode.IsControl(r)
}

// checkCatalog checks a catalog message of kind k whose body is text.
func checkCatalog(k OutboundKind, c *Catalog, text string) *domain.Error {
	if c == nil {
		return domain.Invalid("catalog", CodeMissingContent, "is required for a %s message", k)
	}
	if err := firstError(
		domain.CheckText("catalog.catalog_id", c.CatalogID, 128, true),
		domain.CheckText("text", text, MaxCatalogBody, k == KindProductList),
		domain.CheckText("catalog.footer", c.Footer, MaxCatalogFooter, false),
	); err != nil {
		return err
	}
	if k == KindProduct {
		if c.Header != "" || len(c.Sections) > 0 {
			return domain.Invalid("catalog.sections", domain.CodeBadValue, "a single product message has no header or sections")
		}
		return domain.CheckText("catalog.product_id", c.ProductID, 128, true)
	}
	if c.ProductID != "" {
		return domain.Invalid("catalog.product_id", domain.CodeBadValue, "a product list names its products in sections")
	}
	if err := domain.CheckText("catalog.header", c.Header, MaxCatalogHeader, true); err != nil {
		return err
	}
	return checkSections(c.Sections)
}

func checkSections(sections []CatalogSection) *domain.Error {
	if len(sections) == 0 {
		return domain.Invalid("catalog.sections", domain.CodeRequired, "a product list needs at least one section")
	}
	if len(sections) > MaxCatalogSections {
		return domain.Invalid("catalog.sections", domain.CodeTooMany, "must have at most %d sections", MaxCatalogSections)
	}
	total := 0
	for _, s := range sections {
		if err := domain.CheckText("catalog.sections.title", s.Title, MaxSectionTitle, len(sections) > 1); err != nil {
			return err
		}
		if len(s.ProductIDs) == 0 {
			return domain.Invalid("catalog.sections.product_ids", domain.CodeRequired, "every section needs at least one product")
		}
		for _, id := range s.ProductIDs {
			if err := domain.CheckText("catalog.sections.product_ids", id, 128, true); err != nil {
				return err
			}
		}
		total += len(s.ProductIDs)
	}
	if total > MaxCatalogProducts {
		return domain.Invalid("catalog.sections.product_ids", domain.CodeTooMany, "a product list holds at most %d products", MaxCatalogProducts)
	}
	return nil
}

// checkChannelKind refuses kinds the conversation's channel cannot carry and
// reactions to anything but one of the contact's messages; it returns the
// reaction with the reacted-to message's provider id.
func checkChannelKind(s State, field string, c SendMessage) (*Reaction, *domain.Error) {
	if !s.Channel.Carries(c.Kind) {
		return nil, domain.Invalid(field+"kind", CodeUnsupportedByChannel, "%s messages cannot be sent on %s", c.Kind, s.Channel)
	}
	if c.Kind != KindReaction {
		return nil, nil
	}
	m, ok := s.Messages[c.Reaction.MessageID]
	if !ok || m.Direction != Inbound {
		return nil, domain.Invalid(field+"reaction.message_id", CodeMessageNotFound, "names no message of the contact in this conversation")
	}
	if m.ProviderMessageID == "" {
		return nil, domain.Invalid(field+"reaction.message_id", CodeMessageNotFound, "the message has no provider id to react to")
	}
	r := *c.Reaction
	r.ProviderMessageID = m.ProviderMessageID
	return &r, nil
}
