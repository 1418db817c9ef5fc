package conversation

// MessageType is the type of an inbound message.
type MessageType string

// Inbound message types.
const (
	TypeText        MessageType = "text"
	TypeImage       MessageType = "image"
	TypeVideo       MessageType = "video"
	TypeAudio       MessageType = "audio"
	TypeDocument    MessageType = "document"
	TypeLocation    MessageType = "location"
	TypeContact     MessageType = "contact"
	TypeProduct     MessageType = "product"
	TypeSticker     MessageType = "sticker"
	TypeInteractive MessageType = "interactive"
)

// OutboundKind is the kind of an agent's message.
type OutboundKind string

// Outbound message kinds. A quick_reply is a saved reply the agent picked.
const (
	KindText       OutboundKind = "text"
	KindMedia      OutboundKind = "media"
	KindQuickReply OutboundKind = "quick_reply"
	KindTemplate   OutboundKind = "template"
)

// DeliveryStatus of an outbound message, as reported by the provider.
type DeliveryStatus string

// Delivery statuses; the first four are ordered, failed is terminal.
const (
	StatusQueued    DeliveryStatus = "queued"
	StatusSent      DeliveryStatus = "sent"
	StatusDelivered DeliveryStatus = "delivered"
	StatusRead      DeliveryStatus = "read"
	StatusFailed    DeliveryStatus = "failed"
)

// rank orders delivery statuses; failed has no rank.
func (d DeliveryStatus) rank() int {
	switch d {
	case StatusQueued:
		return 1
	case StatusSent:
		return 2
	case StatusDelivered:
		return 3
	case StatusRead:
		return 4
	}
	return 0
}

// Media is an attachment: a URL or a provider reference to the bytes.
type Media struct {
	URL      string `json:"url,omitempty"`
	Ref      string `json:"ref,omitempty"`
	MimeType string `json:"mime_type,omitempty"`
	Size     int64  `json:"size,omitempty"`
	Filename string `json:"filename,omitempty"`
	Caption  string `json:"caption,omitempty"`
}

// Location is a shared place.
type Location struct {
	Lat     float64 `json:"lat"`
	Lng     float64 `json:"lng"`
	Name    string  `json:"name,omitempty"`
	Address string  `json:"address,omitempty"`
}

// ContactCard is a contact shared in a message.
type ContactCard struct {
	Name   string   `json:"name"`
	Phones []string `json:"phones,omitempty"`
	Emails []string `json:"emails,omitempty"`
}

// Product is a catalog item shared in a message.
type Product struct {
	CatalogID string `json:"catalog_id"`
	ProductID string `json:"product_id"`
}

// Interactive is the customer's answer to buttons or a list.
type Interactive struct {
	ReplyID string `json:"reply_id"`
	Title   string `json:"title,omitempty"`
}

// Referral is the ad or link that brought the customer to write.
type Referral struct {
	Source   string `json:"source"` // google_ads, meta_ads, tiktok_ads, website, other
	AdID     string `json:"ad_id,omitempty"`
	Headline string `json:"headline,omitempty"`
	URL      string `json:"url,omitempty"`
}

// Template is a pre-approved message template with its parameters.
type Template struct {
	Name     string   `json:"name"`
	Language string   `json:"language"`
	Params   []string `json:"params,omitempty"`
}
