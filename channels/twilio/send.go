package twilio

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
)

type messageResource struct {
	SID     string `json:"sid"`
	Status  string `json:"status"`
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// Send creates a Message resource and returns its SID. Status callbacks
// come back to the inbox's webhook URL.
func (a *Adapter) Send(ctx context.Context, in channels.Inbox, out channels.Outbound) (string, error) {
	m := out.Message
	form := url.Values{"To": {out.To}, "From": {in.ProviderAccountID}}
	switch m.Kind {
	case conversation.KindMedia:
		form.Set("MediaUrl", m.Media.URL)
		if m.Media.Caption != "" {
			form.Set("Body", m.Media.Caption)
		}
	case conversation.KindTemplate:
		return "", &channels.SendError{Code: "template_unsupported", Message: "SMS has no message templates; send text"}
	default:
		form.Set("Body", m.Text)
	}
	if in.Credentials.WebhookURL != "" {
		form.Set("StatusCallback", in.Credentials.WebhookURL)
	}
	endpoint := fmt.Sprintf("%s/2010-04-01/Accounts/%s/Messages.json", a.baseURL(in), url.PathEscape(in.Credentials.AccountSID))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("twilio: build send: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(in.Credentials.AccountSID, in.Credentials.AccessToken)
	resp, err := a.client.Do(req)
	if err != nil {
		return "", fmt.Errorf("twilio: send: %w", err)
	}
	defer resp.Body.Close()
	var res messageResource
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err == nil {
		err = json.Unmarshal(data, &res)
	}
	if err != nil && resp.StatusCode < 300 {
		return "", fmt.Errorf("twilio: decode send answer: %w", err)
	}
	if resp.StatusCode >= 300 || res.SID == "" {
		retry := resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500
		return "", &channels.SendError{Status: resp.StatusCode, Code: strconv.Itoa(res.Code), Message: res.Message, Retryable: retry}
	}
	return res.SID, nil
}
