package telegram

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

type apiResponse struct {
	OK          bool   `json:"ok"`
	ErrorCode   int    `json:"error_code"`
	Description string `json:"description"`
	Result      struct {
		MessageID int64 `json:"message_id"`
	} `json:"result"`
}

// Send calls the Bot API method matching the message and returns
// "chat_id:message_id".
func (a *Adapter) Send(ctx context.Context, in channels.Inbox, out channels.Outbound) (string, error) {
	method, body, err := buildRequest(out)
	if err != nil {
		return "", err
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return "", fmt.Errorf("telegram: encode %s: %w", method, err)
	}
	url := fmt.Sprintf("%s/bot%s/%s", a.baseURL(in), in.Credentials.AccessToken, method)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(raw))
	if err != nil {
		return "", fmt.Errorf("telegram: build %s: %w", method, err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.client.Do(req)
	if err != nil {
		return "", fmt.Errorf("telegram: %s: %w", method, scrub(err, in.Credentials.AccessToken))
	}
	defer resp.Body.Close()
	var ar apiResponse
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err == nil {
		err = json.Unmarshal(data, &ar)
	}
	if err != nil && resp.StatusCode < 300 {
		return "", fmt.Errorf("telegram: decode %s answer: %w", method, err)
	}
	if !ar.OK {
		retry := resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500
		return "", &channels.SendError{Status: resp.StatusCode, Code: strconv.Itoa(ar.ErrorCode), Message: ar.Description, Retryable: retry}
	}
	return out.To + ":" + strconv.FormatInt(ar.Result.MessageID, 10), nil
}

// scrub removes the bot token (part of every URL) from an error.
func scrub(err error, token string) error {
	if token == "" {
		return err
	}
	return fmt.Errorf("%s", strings.ReplaceAll(err.Error(), token, "<token>"))
}

func buildRequest(out channels.Outbound) (string, map[string]any, error) {
	m := out.Message
	body := map[string]any{"chat_id": out.To}
	switch m.Kind {
	case conversation.KindMedia:
		file := firstNonEmpty(m.Media.Ref, m.Media.URL)
		if m.Media.Caption != "" {
			body["caption"] = m.Media.Caption
		}
		switch kind, _, _ := strings.Cut(m.Media.MimeType, "/"); kind {
		case "image":
			body["photo"] = file
			return "sendPhoto", body, nil
		case "audio":
			body["voice"] = file
			return "sendVoice", body, nil
		}
		body["document"] = file
		return "sendDocument", body, nil
	case conversation.KindTemplate:
		return "", nil, &channels.SendError{Code: "template_unsupported", Message: "Telegram has no message templates; send text"}
	}
	body["text"] = m.Text
	return "sendMessage", body, nil
}
