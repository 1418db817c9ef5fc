package whatsapp

import (
	"context"
	"strings"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/graph"
	"github.com/parley-inbox/parley/domain/conversation"
)

// sendRequest is the body of POST /{version}/{phone-number-id}/messages.
type sendRequest struct {
	MessagingProduct string           `json:"messaging_product"`
	RecipientType    string           `json:"recipient_type"`
	To               string           `json:"to"`
	Type             string           `json:"type"`
	Text             *sendText        `json:"text,omitempty"`
	Image            *sendMedia       `json:"image,omitempty"`
	Video            *sendMedia       `json:"video,omitempty"`
	Audio            *sendMedia       `json:"audio,omitempty"`
	Document         *sendMedia       `json:"document,omitempty"`
	Template         *sendTemplate    `json:"template,omitempty"`
	Reaction         *sendReaction    `json:"reaction,omitempty"`
	Interactive      *sendInteractive `json:"interactive,omitempty"`
}

type sendText struct {
	PreviewURL bool   `json:"preview_url"`
	Body       string `json:"body"`
}

type sendMedia struct {
	ID       string `json:"id,omitempty"`
	Link     string `json:"link,omitempty"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
}

type sendTemplate struct {
	Name     string `json:"name"`
	Language struct {
		Code string `json:"code"`
	} `json:"language"`
	Components []templateComponent `json:"components,omitempty"`
}

type templateComponent struct {
	Type       string              `json:"type"`
	Parameters []templateParameter `json:"parameters"`
}

type templateParameter struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type sendResponse struct {
	Messages []struct {
		ID string `json:"id"`
	} `json:"messages"`
}

// Send posts the message to the Cloud API and returns its wamid.
func (a *Adapter) Send(ctx context.Context, in channels.Inbox, out channels.Outbound) (string, error) {
	var sr sendResponse
	status, ge, err := a.PostMessage(ctx, in, buildRequest(out), &sr)
	if err != nil {
		return "", err
	}
	if status >= 300 || ge != nil {
		return "", sendError(status, ge)
	}
	if len(sr.Messages) == 0 || sr.Messages[0].ID == "" {
		return "", &channels.SendError{Status: status, Code: "no_message_id", Message: "the answer carries no message id", Retryable: false}
	}
	return sr.Messages[0].ID, nil
}

// sendError classifies a Graph error: throttling (4, 80007, 130429,
// 131056), temporary (2, 131000) and server errors are retried, the rest
// are final.
func sendError(status int, ge *graph.Error) *channels.SendError {
	return graph.Refusal(status, ge, 4, 80007, 130429, 131056, 131000, 2)
}

func buildRequest(out channels.Outbound) sendRequest {
	m := out.Message
	r := sendRequest{MessagingProduct: "whatsapp", RecipientType: "individual", To: out.To}
	switch m.Kind {
	case conversation.KindMedia:
		media := &sendMedia{ID: m.Media.Ref, Caption: m.Media.Caption}
		if media.ID == "" {
			media.Link = m.Media.URL
		}
		switch kind := mediaKind(m.Media.MimeType); kind {
		case "image":
			r.Type, r.Image = kind, media
		case "video":
			r.Type, r.Video = kind, media
		case "audio":
			media.Caption = "" // audio takes no caption
			r.Type, r.Audio = kind, media
		default:
			media.Filename = m.Media.Filename
			r.Type, r.Document = "document", media
		}
	case conversation.KindTemplate:
		t := &sendTemplate{Name: m.Template.Name}
		t.Language.Code = m.Template.Language
		if len(m.Template.Params) > 0 {
			c := templateComponent{Type: "body"}
			for _, p := range m.Template.Params {
				c.Parameters = append(c.Parameters, templateParameter{Type: "text", Text: p})
			}
			t.Components = []templateComponent{c}
		}
		r.Type, r.Template = "template", t
	case conversation.KindReaction:
		r.Type, r.Reaction = "reaction", &sendReaction{MessageID: m.Reaction.ProviderMessageID, Emoji: m.Reaction.Emoji}
	case conversation.KindProduct, conversation.KindProductList:
		r.Type, r.Interactive = "interactive", catalogMessage(m)
	default: // text and quick replies carry their text
		r.Type, r.Text = "text", &sendText{Body: m.Text}
	}
	return r
}

func mediaKind(mime string) string {
	kind, _, _ := strings.Cut(mime, "/")
	switch kind {
	case "image", "video", "audio":
		return kind
	}
	return "document"
}
