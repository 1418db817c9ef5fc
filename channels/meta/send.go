package meta

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
)

type sendResponse struct {
	RecipientID string `json:"recipient_id"`
	MessageID   string `json:"message_id"`
	Error       *struct {
		Message      string `json:"message"`
		Code         int    `json:"code"`
		ErrorSubcode int    `json:"error_subcode"`
	} `json:"error"`
}

// Send posts to the Send API and returns the message's mid.
func (a *Adapter) Send(ctx context.Context, in channels.Inbox, out channels.Outbound) (string, error) {
	msg, err := messageBody(out.Message)
	if err != nil {
		return "", err
	}
	body, err := json.Marshal(map[string]any{"recipient": map[string]string{"id": out.To}, "messaging_type": "RESPONSE", "message": msg})
	if err != nil {
		return "", fmt.Errorf("meta: encode send: %w", err)
	}
	url := fmt.Sprintf("%s/%s/%s/messages", a.baseURL(in), a.version, in.ProviderAccountID)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("meta: build send: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+in.Credentials.AccessToken)
	resp, err := a.client.Do(req)
	if err != nil {
		return "", fmt.Errorf("meta: send: %w", err)
	}
	defer resp.Body.Close()
	var sr sendResponse
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err == nil {
		err = json.Unmarshal(raw, &sr)
	}
	if err != nil && resp.StatusCode < 300 {
		return "", fmt.Errorf("meta: decode send answer: %w", err)
	}
	if resp.StatusCode >= 300 || sr.Error != nil || sr.MessageID == "" {
		se := &channels.SendError{Status: resp.StatusCode, Code: "http_" + strconv.Itoa(resp.StatusCode), Message: http.StatusText(resp.StatusCode)}
		if sr.Error != nil {
			se.Code, se.Message = strconv.Itoa(sr.Error.Code), sr.Error.Message
			se.Retryable = sr.Error.Code == 4 || sr.Error.Code == 613 || sr.Error.Code == 2 || sr.Error.Code == 1200
		}
		se.Retryable = se.Retryable || resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests
		return "", se
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
