package meta

import (
	"context"
	"strings"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/graph"
	"github.com/parley-inbox/parley/domain/conversation"
)

type sendResponse struct {
	RecipientID string `json:"recipient_id"`
	MessageID   string `json:"message_id"`
}

// Send posts to the Send API and returns the message's mid.
func (a *Adapter) Send(ctx context.Context, in channels.Inbox, out channels.Outbound) (string, error) {
	msg, err := messageBody(out.Message)
	if err != nil {
		return "", err
	}
	var sr sendResponse
	status, ge, err := a.PostMessage(ctx, in, map[string]any{"recipient": map[string]string{"id": out.To}, "messaging_type": "RESPONSE", "message": msg}, &sr)
	if err != nil {
		return "", err
	}
	if status >= 300 || ge != nil || sr.MessageID == "" {
		// Throttling (4, 613), temporary (2) and sending (1200) errors are retried.
		return "", graph.Refusal(status, ge, 4, 613, 2, 1200)
	}
	return sr.MessageID, nil
}

func messageBody(m conversation.MessageSent) (map[string]any, error) {
	switch m.Kind {
	case conversation.KindMedia:
		kind, _, _ := strings.Cut(m.Media.MimeType, "/")
		if kind != "image" && kind != "video" && kind != "audio" {
			kind = "file"
		}
		if m.Media.URL == "" {
			return nil, &channels.SendError{Code: "media_url_required", Message: "the Send API needs a media URL"}
		}
		return map[string]any{"attachment": map[string]any{"type": kind, "payload": map[string]any{"url": m.Media.URL, "is_reusable": true}}}, nil
	case conversation.KindTemplate:
		return nil, &channels.SendError{Code: "template_unsupported", Message: "Messenger and Instagram have no message templates; send text"}
	}
	return map[string]any{"text": m.Text}, nil
}
