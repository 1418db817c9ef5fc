package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/parley-inbox/parley/channels"
)

// maxAnswer bounds the answer read from the Graph API.
const maxAnswer = 1 << 20

// Error is Graph's error object.
type Error struct {
	Message      string `json:"message"`
	Type         string `json:"type"`
	Code         int    `json:"code"`
	ErrorSubcode int    `json:"error_subcode"`
	FBTraceID    string `json:"fbtrace_id"`
}

// PostMessage posts msg as JSON to the inbox account's messages edge
// ({id}/messages) with its access token and decodes the answer into out.
// The answer's error object, if any, is returned; an answer that cannot be
// decoded is an error only with a success status, as an error status
// speaks for itself.
func (a API) PostMessage(ctx context.Context, in channels.Inbox, msg, out any) (int, *Error, error) {
	body, err := json.Marshal(msg)
	if err != nil {
		return 0, nil, fmt.Errorf("%s: encode send: %w", a.name, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.URL(in, in.ProviderAccountID+"/messages"), bytes.NewReader(body))
	if err != nil {
		return 0, nil, fmt.Errorf("%s: build send: %w", a.name, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+in.Credentials.AccessToken)
	resp, err := a.client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("%s: send: %w", a.name, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return 0, nil, fmt.Errorf("%s: read send answer: %w", a.name, err)
	}
	var answer struct {
		Error *Error `json:"error"`
	}
	for _, v := range []any{out, &answer} {
		if err := json.Unmarshal(raw, v); err != nil && resp.StatusCode < 300 {
			return 0, nil, fmt.Errorf("%s: decode send answer: %w", a.name, err)
		}
	}
	return resp.StatusCode, answer.Error, nil
}

// Refusal is the SendError of an answer with status and Graph error ge
// (nil if the answer carried none): the provider's retryable codes, 429
// and server errors may succeed later, the rest are final.
func Refusal(status int, ge *Error, retryable ...int) *channels.SendError {
	se := &channels.SendError{Status: status, Code: "http_" + strconv.Itoa(status), Message: http.StatusText(status)}
	if ge != nil {
		se.Code, se.Message = strconv.Itoa(ge.Code), ge.Message
		se.Retryable = slices.Contains(retryable, ge.Code)
	}
	se.Retryable = se.Retryable || status >= 500 || status == http.StatusTooManyRequests
	return se
}
