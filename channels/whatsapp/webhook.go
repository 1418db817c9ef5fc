package whatsapp

// The webhook payload, as documented for the Cloud API "messages" field
// (and the phone_number_quality_update field).

type payload struct {
	Object string  `json:"object"`
	Entry  []entry `json:"entry"`
}

type entry struct {
	ID      string   `json:"id"`
	Changes []change `json:"changes"`
}

type change struct {
	Field string `json:"field"`
	Value value  `json:"value"`
}

type value struct {
	MessagingProduct string    `json:"messaging_product"`
	Metadata         metadata  `json:"metadata"`
	Contacts         []contact `json:"contacts"`
	Messages         []message `json:"messages"`
	Statuses         []status  `json:"statuses"`
	// phone_number_quality_update
	DisplayPhoneNumber string `json:"display_phone_number"`
	Event              string `json:"event"`
	CurrentLimit       string `json:"current_limit"`
}

type metadata struct {
	DisplayPhoneNumber string `json:"display_phone_number"`
	PhoneNumberID      string `json:"phone_number_id"`
}

type contact struct {
	Profile struct {
		Name string `json:"name"`
	} `json:"profile"`
	WaID string `json:"wa_id"`
}

type mediaObject struct {
	ID       string `json:"id"`
	MimeType string `json:"mime_type"`
	SHA256   string `json:"sha256"`
	Caption  string `json:"caption"`
	Filename string `json:"filename"`
	Voice    bool   `json:"voice"`
}

type message struct {
	From        string          `json:"from"`
	ID          string          `json:"id"`
	Timestamp   string          `json:"timestamp"`
	Type        string          `json:"type"`
	Text        *textBody       `json:"text"`
	Image       *mediaObject    `json:"image"`
	Audio       *mediaObject    `json:"audio"`
	Video       *mediaObject    `json:"video"`
	Document    *mediaObject    `json:"document"`
	Sticker     *mediaObject    `json:"sticker"`
	Location    *location       `json:"location"`
	Contacts    []sharedContact `json:"contacts"`
	Interactive *interactive    `json:"interactive"`
	Button      *button         `json:"button"`
	Order       *order          `json:"order"`
	Reaction    *reaction       `json:"reaction"`
	Referral    *referral       `json:"referral"`
	Context     *msgContext     `json:"context"`
}

type textBody struct {
	Body string `json:"body"`
}

type location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	Name      string  `json:"name"`
	Address   string  `json:"address"`
}

type sharedContact struct {
	Name struct {
		FormattedName string `json:"formatted_name"`
		FirstName     string `json:"first_name"`
	} `json:"name"`
	Phones []struct {
		Phone string `json:"phone"`
		WaID  string `json:"wa_id"`
	} `json:"phones"`
	Emails []struct {
		Email string `json:"email"`
	} `json:"emails"`
}

type interactive struct {
	Type        string `json:"type"`
	ButtonReply *reply `json:"button_reply"`
	ListReply   *reply `json:"list_reply"`
}

type reply struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

type button struct {
	Payload string `json:"payload"`
	Text    string `json:"text"`
}

type order struct {
	CatalogID    string `json:"catalog_id"`
	Text         string `json:"text"`
	ProductItems []struct {
		ProductRetailerID string  `json:"product_retailer_id"`
		Quantity          int     `json:"quantity"`
		ItemPrice         float64 `json:"item_price"`
		Currency          string  `json:"currency"`
	} `json:"product_items"`
}

type reaction struct {
	MessageID string `json:"message_id"`
	Emoji     string `json:"emoji"`
}

type referral struct {
	SourceURL  string `json:"source_url"`
	SourceID   string `json:"source_id"`
	SourceType string `json:"source_type"`
	Headline   string `json:"headline"`
	Body       string `json:"body"`
}

type msgContext struct {
	From            string `json:"from"`
	ID              string `json:"id"`
	ReferredProduct *struct {
		CatalogID         string `json:"catalog_id"`
		ProductRetailerID string `json:"product_retailer_id"`
	} `json:"referred_product"`
}

type status struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	Timestamp   string `json:"timestamp"`
	RecipientID string `json:"recipient_id"`
	Errors      []struct {
		Code      int    `json:"code"`
		Title     string `json:"title"`
		Message   string `json:"message"`
		ErrorData struct {
			Details string `json:"details"`
		} `json:"error_data"`
	} `json:"errors"`
}
