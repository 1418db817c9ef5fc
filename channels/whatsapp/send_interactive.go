package whatsapp

import "github.com/parley-inbox/parley/domain/conversation"

// sendReaction is the "reaction" object of a send request.
type sendReaction struct {
	MessageID string `json:"message_id"` // the wamid reacted to
	Emoji     string `json:"emoji"`
}

// sendInteractive is the "interactive" object of a catalog message:
// type "product" (single-product) or "product_list" (multi-product).
type sendInteractive struct {
	Type   string         `json:"type"`
	Header *sendHeader    `json:"header,omitempty"`
	Body   *sendBody      `json:"body,omitempty"`
	Footer *sendBody      `json:"footer,omitempty"`
	Action *catalogAction `json:"action"`
}

type sendHeader struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type sendBody struct {
	Text string `json:"text"`
}

type catalogAction struct {
	CatalogID         string           `json:"catalog_id"`
	ProductRetailerID string           `json:"product_retailer_id,omitempty"`
	Sections          []catalogSection `json:"sections,omitempty"`
}

type catalogSection struct {
	Title        string        `json:"title,omitempty"`
	ProductItems []productItem `json:"product_items"`
}

type productItem struct {
	ProductRetailerID string `json:"product_retailer_id"`
}

// catalogMessage builds the interactive object of a product or product
// list message; the message text is its body.
func catalogMessage(m conversation.MessageSent) *sendInteractive {
	c := m.Catalog
	in := &sendInteractive{Type: string(m.Kind), Action: &catalogAction{CatalogID: c.CatalogID}}
	if m.Text != "" {
		in.Body = &sendBody{Text: m.Text}
	}
	if c.Footer != "" {
		in.Footer = &sendBody{Text: c.Footer}
	}
	if m.Kind == conversation.KindProduct {
		in.Action.ProductRetailerID = c.ProductID
		return in
	}
	in.Header = &sendHeader{Type: "text", Text: c.Header}
	for _, s := range c.Sections {
		sec := catalogSection{Title: s.Title}
		for _, id := range s.ProductIDs {
			sec.ProductItems = append(sec.ProductItems, productItem{ProductRetailerID: id})
		}
		in.Action.Sections = append(in.Action.Sections, sec)
	}
	return in
}
