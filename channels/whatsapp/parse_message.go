package whatsapp

import (
	"fmt"
	"strings"

	"github.com/parley-inbox/parley/domain/conversation"
)

// receiveMessage maps one webhook message to the domain command; ok is
// false for types Parley does not model (unsupported, system, ephemeral).
func receiveMessage(m message) (conversation.ReceiveMessage, bool) {
	rm := conversation.ReceiveMessage{ProviderMessageID: m.ID, SentAt: unixTime(m.Timestamp), Referral: adReferral(m.Referral)}
	switch m.Type {
	case "text":
		rm.Type, rm.Text = conversation.TypeText, textOf(m.Text)
		if m.Context != nil && m.Context.ReferredProduct != nil { // a product enquiry
			rm.Type = conversation.TypeProduct
			rm.Product = &conversation.Product{CatalogID: m.Context.ReferredProduct.CatalogID, ProductID: m.Context.ReferredProduct.ProductRetailerID}
		}
	case "image", "audio", "video", "document", "sticker":
		rm.Type, rm.Media = mediaMessage(m)
		if rm.Media == nil {
			return rm, false
		}
	case "location":
		if m.Location == nil {
			return rm, false
		}
		l := m.Location
		rm.Type, rm.Location = conversation.TypeLocation, &conversation.Location{Lat: l.Latitude, Lng: l.Longitude, Name: l.Name, Address: l.Address}
	case "contacts":
		if len(m.Contacts) == 0 {
			return rm, false
		}
		rm.Type, rm.Contact = conversation.TypeContact, contactCard(m.Contacts[0])
	case "interactive":
		r := m.Interactive
		if r == nil || (r.ButtonReply == nil && r.ListReply == nil) {
			return rm, false
		}
		chosen := r.ButtonReply
		if chosen == nil {
			chosen = r.ListReply
		}
		rm.Type, rm.Interactive = conversation.TypeInteractive, &conversation.Interactive{ReplyID: chosen.ID, Title: chosen.Title}
	case "button": // a quick-reply button of a template
		if m.Button == nil {
			return rm, false
		}
		rm.Type, rm.Interactive = conversation.TypeInteractive, &conversation.Interactive{ReplyID: firstNonEmpty(m.Button.Payload, m.Button.Text), Title: m.Button.Text}
	case "order":
		if m.Order == nil || len(m.Order.ProductItems) == 0 {
			return rm, false
		}
		rm.Type, rm.Text = conversation.TypeProduct, orderText(m.Order)
		rm.Product = &conversation.Product{CatalogID: m.Order.CatalogID, ProductID: m.Order.ProductItems[0].ProductRetailerID}
	case "reaction":
		if m.Reaction == nil || m.Reaction.Emoji == "" {
			return rm, false // a removed reaction
		}
		rm.Type, rm.Text = conversation.TypeText, conversation.Reaction{Emoji: m.Reaction.Emoji}.Summary()
	default:
		return rm, false
	}
	return rm, true
}

func textOf(t *textBody) string {
	if t == nil {
		return ""
	}
	return t.Body
}

func mediaMessage(m message) (conversation.MessageType, *conversation.Media) {
	var obj *mediaObject
	typ := conversation.MessageType(m.Type)
	switch m.Type {
	case "image":
		obj = m.Image
	case "audio":
		obj = m.Audio
	case "video":
		obj = m.Video
	case "document":
		obj = m.Document
	case "sticker":
		obj = m.Sticker
	}
	if obj == nil || obj.ID == "" {
		return typ, nil
	}
	return typ, &conversation.Media{Ref: obj.ID, MimeType: baseMime(obj.MimeType), Filename: obj.Filename, Caption: obj.Caption}
}

// baseMime drops parameters ("audio/ogg; codecs=opus" -> "audio/ogg").
func baseMime(mt string) string {
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = mt[:i]
	}
	return strings.TrimSpace(mt)
}

func contactCard(c sharedContact) *conversation.ContactCard {
	card := &conversation.ContactCard{Name: firstNonEmpty(c.Name.FormattedName, c.Name.FirstName, "(no name)")}
	for _, p := range c.Phones {
		card.Phones = append(card.Phones, firstNonEmpty(p.Phone, p.WaID))
	}
	for _, e := range c.Emails {
		card.Emails = append(card.Emails, e.Email)
	}
	return card
}

func orderText(o *order) string {
	var b strings.Builder
	if o.Text != "" {
		b.WriteString(o.Text + "\n")
	}
	for _, it := range o.ProductItems {
		fmt.Fprintf(&b, "%d x %s (%.2f %s)\n", it.Quantity, it.ProductRetailerID, it.ItemPrice, it.Currency)
	}
	return strings.TrimSpace(b.String())
}

// adReferral maps a click-to-WhatsApp referral.
func adReferral(r *referral) *conversation.Referral {
	if r == nil {
		return nil
	}
	source := "other"
	if r.SourceType == "ad" {
		source = "meta_ads"
	}
	return &conversation.Referral{Source: source, AdID: r.SourceID, Headline: r.Headline, URL: r.SourceURL}
}
