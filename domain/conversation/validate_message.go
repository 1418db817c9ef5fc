package conversation

import (
	"strings"

	"github.com/parley-inbox/parley/domain"
)

// CodeMissingContent is returned when a message lacks the part its type needs.
const CodeMissingContent = "missing_content"

func (c ReceiveMessage) Validate() *domain.Error {
	if err := firstError(
		domain.CheckID("message_id", c.MessageID),
		checkEnum("type", c.Type, TypeText, TypeImage, TypeVideo, TypeAudio, TypeDocument,
			TypeLocation, TypeContact, TypeProduct, TypeSticker, TypeInteractive),
		domain.CheckText("text", c.Text, MaxMessageText, c.Type == TypeText),
		domain.CheckText("provider_message_id", c.ProviderMessageID, 256, false),
	); err != nil {
		return err
	}
	if c.SentAt.IsZero() {
		return domain.Invalid("sent_at", domain.CodeRequired, "is required")
	}
	if err := checkReferral(c.Referral); err != nil {
		return err
	}
	switch c.Type {
	case TypeImage, TypeVideo, TypeAudio, TypeDocument, TypeSticker:
		return checkMedia(c.Media)
	case TypeLocation:
		return checkLocation(c.Location)
	case TypeContact:
		return checkContactCard(c.Contact)
	case TypeProduct:
		if c.Product == nil {
			return domain.Invalid("product", CodeMissingContent, "is required for a product message")
		}
		return firstError(
			domain.CheckText("product.catalog_id", c.Product.CatalogID, 128, true),
			domain.CheckText("product.product_id", c.Product.ProductID, 128, true),
		)
	case TypeInteractive:
		if c.Interactive == nil {
			return domain.Invalid("interactive", CodeMissingContent, "is required for an interactive message")
		}
		return firstError(
			domain.CheckText("interactive.reply_id", c.Interactive.ReplyID, 256, true),
			domain.CheckText("interactive.title", c.Interactive.Title, domain.MaxNameLen, false),
		)
	}
	return nil
}

func (c SendMessage) Validate() *domain.Error {
	if err := firstError(
		domain.CheckID("message_id", c.MessageID),
		checkEnum("kind", c.Kind, KindText, KindMedia, KindQuickReply, KindTemplate, KindReaction, KindProduct, KindProductList),
		domain.CheckText("text", c.Text, MaxMessageText, c.Kind == KindText || c.Kind == KindQuickReply),
	); err != nil {
		return err
	}
	if c.Template != nil && c.Kind != KindTemplate {
		return domain.Invalid("template", domain.CodeBadValue, "is only allowed with kind template")
	}
	if c.Reaction != nil && c.Kind != KindReaction {
		return domain.Invalid("reaction", domain.CodeBadValue, "is only allowed with kind reaction")
	}
	if c.Catalog != nil && c.Kind != KindProduct && c.Kind != KindProductList {
		return domain.Invalid("catalog", domain.CodeBadValue, "is only allowed with kind product or product_list")
	}
	switch c.Kind {
	case KindReaction:
		if c.Text != "" {
			return domain.Invalid("text", domain.CodeBadValue, "a reaction carries no text")
		}
		return checkReaction(c.Reaction)
	case KindProduct, KindProductList:
		return checkCatalog(c.Kind, c.Catalog, c.Text)
	case KindMedia:
		return checkMedia(c.Media)
	case KindQuickReply:
		return domain.CheckID("quick_reply_id", c.QuickReplyID)
	case KindTemplate:
		return checkTemplate(c.Template)
	}
	return nil
}

func (c RecordDeliveryStatus) Validate() *domain.Error {
	return firstError(
		domain.CheckID("message_id", c.MessageID),
		checkEnum("status", c.Status, StatusQueued, StatusSent, StatusDelivered, StatusRead, StatusFailed),
		domain.CheckText("reason", c.Reason, MaxReasonLen, false),
		domain.CheckText("error_code", c.ErrorCode, 64, false),
	)
}

func (c AddNote) Validate() *domain.Error {
	return firstError(
		domain.CheckID("note_id", c.NoteID),
		domain.CheckText("text", c.Text, MaxMessageText, true),
		checkIDList("mentions", c.Mentions, MaxMentions),
	)
}

func (c MarkRead) Validate() *domain.Error {
	return domain.CheckID("up_to_message_id", c.UpToMessageID)
}

func (c AddTranscription) Validate() *domain.Error {
	return firstError(
		domain.CheckID("message_id", c.MessageID),
		domain.CheckText("text", c.Text, MaxTranscriptionText, true),
		domain.CheckText("language", c.Language, 16, false),
	)
}

func (c AddSummary) Validate() *domain.Error {
	return firstError(
		domain.CheckID("summary_id", c.SummaryID),
		domain.CheckText("text", c.Text, MaxMessageText, true),
	)
}

func checkMedia(m *Media) *domain.Error {
	if m == nil {
		return domain.Invalid("media", CodeMissingContent, "is required for this message type")
	}
	if m.URL == "" && m.Ref == "" {
		return domain.Invalid("media.url", domain.CodeRequired, "media needs a url or a ref")
	}
	if m.Size < 0 || m.Size > MaxMediaSize {
		return domain.Invalid("media.size", domain.CodeBadValue, "must be between 0 and %d bytes", MaxMediaSize)
	}
	if m.MimeType != "" && (!strings.Contains(m.MimeType, "/") || len(m.MimeType) > 100) {
		return domain.Invalid("media.mime_type", domain.CodeBadValue, "must be a MIME type such as image/jpeg")
	}
	return firstError(
		domain.CheckURL("media.url", m.URL),
		domain.CheckText("media.ref", m.Ref, 512, false),
		domain.CheckText("media.filename", m.Filename, 255, false),
		domain.CheckText("media.caption", m.Caption, MaxCaptionLen, false),
	)
}

func checkLocation(l *Location) *domain.Error {
	if l == nil {
		return domain.Invalid("location", CodeMissingContent, "is required for a location message")
	}
	if l.Lat < -90 || l.Lat > 90 {
		return domain.Invalid("location.lat", domain.CodeBadValue, "must be between -90 and 90")
	}
	if l.Lng < -180 || l.Lng > 180 {
		return domain.Invalid("location.lng", domain.CodeBadValue, "must be between -180 and 180")
	}
	return firstError(
		domain.CheckText("location.name", l.Name, domain.MaxNameLen, false),
		domain.CheckText("location.address", l.Address, MaxReasonLen, false),
	)
}

func checkContactCard(c *ContactCard) *domain.Error {
	if c == nil {
		return domain.Invalid("contact", CodeMissingContent, "is required for a contact message")
	}
	if len(c.Phones) > 20 || len(c.Emails) > 20 {
		return domain.Invalid("contact", domain.CodeTooMany, "a contact card has at most 20 phones and 20 emails")
	}
	for _, p := range c.Phones {
		if err := domain.CheckText("contact.phones", p, 32, true); err != nil {
			return err
		}
	}
	for _, e := range c.Emails {
		if err := domain.CheckText("contact.emails", e, 254, true); err != nil {
			return err
		}
	}
	return domain.CheckText("contact.name", c.Name, domain.MaxNameLen, true)
}

func checkReferral(r *Referral) *domain.Error {
	if r == nil {
		return nil
	}
	return firstError(
		checkEnum("referral.source", r.Source, "google_ads", "meta_ads", "tiktok_ads", "linkedin_ads", "website", "qr_code", "other"),
		domain.CheckText("referral.ad_id", r.AdID, 128, false),
		domain.CheckText("referral.headline", r.Headline, domain.MaxNameLen, false),
		domain.CheckURL("referral.url", r.URL),
	)
}

func checkTemplate(t *Template) *domain.Error {
	if t == nil {
		return domain.Invalid("template", CodeMissingContent, "is required for a template message")
	}
	if len(t.Params) > MaxTemplateParams {
		return domain.Invalid("template.params", domain.CodeTooMany, "must have at most %d entries", MaxTemplateParams)
	}
	for _, p := range t.Params {
		if err := domain.CheckText("template.params", p, MaxCaptionLen, false); err != nil {
			return err
		}
	}
	return firstError(
		domain.CheckText("template.name", t.Name, 512, true),
		domain.CheckText("template.language", t.Language, 16, true),
	)
}
