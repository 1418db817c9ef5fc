package meta

type payload struct {
	Object string  `json:"object"`
	Entry  []entry `json:"entry"`
}

type entry struct {
	ID        string      `json:"id"`
	Time      int64       `json:"time"`
	Messaging []messaging `json:"messaging"`
}

type party struct {
	ID string `json:"id"`
}

type messaging struct {
	Sender    party     `json:"sender"`
	Recipient party     `json:"recipient"`
	Timestamp int64     `json:"timestamp"`
	Message   *message  `json:"message"`
	Postback  *postback `json:"postback"`
	Referral  *referral `json:"referral"`
	Delivery  *struct {
		Mids      []string `json:"mids"`
		Watermark int64    `json:"watermark"`
	} `json:"delivery"`
	Read *struct {
		Mid       string `json:"mid"` // Instagram
		Watermark int64  `json:"watermark"`
	} `json:"read"`
}

type message struct {
	Mid        string `json:"mid"`
	Text       string `json:"text"`
	IsEcho     bool   `json:"is_echo"`
	QuickReply *struct {
		Payload string `json:"payload"`
	} `json:"quick_reply"`
	Attachments []attachment `json:"attachments"`
	Referral    *referral    `json:"referral"`
}

type attachment struct {
	Type    string `json:"type"`
	Payload struct {
		URL         string `json:"url"`
		Title       string `json:"title"`
		Coordinates *struct {
			Lat  float64 `json:"lat"`
			Long float64 `json:"long"`
		} `json:"coordinates"`
	} `json:"payload"`
}

type postback struct {
	Mid      string    `json:"mid"`
	Title    string    `json:"title"`
	Payload  string    `json:"payload"`
	Referral *referral `json:"referral"`
}

type referral struct {
	Ref            string `json:"ref"`
	Source         string `json:"source"`
	Type           string `json:"type"`
	AdID           string `json:"ad_id"`
	AdsContextData *struct {
		AdTitle  string `json:"ad_title"`
		PhotoURL string `json:"photo_url"`
	} `json:"ads_context_data"`
}
