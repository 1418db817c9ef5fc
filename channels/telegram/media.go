package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/media"
	"github.com/parley-inbox/parley/domain/conversation"
)

// MediaRequest calls getFile and returns the download of its file_path.
func (a *Adapter) MediaRequest(ctx context.Context, in channels.Inbox, m conversation.Media) (*http.Request, []string, error) {
	hosts := []string{media.BaseHost(in.APIBaseURL), "api.telegram.org"}
	q := url.Values{"file_id": {m.Ref}}
	info, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("%s/bot%s/getFile?%s", a.baseURL(in), in.Credentials.AccessToken, q.Encode()), nil)
	if err != nil {
		return nil, nil, fmt.Errorf("telegram: getFile: %w", err)
	}
	resp, err := a.client.Do(info)
	if err != nil {
		return nil, nil, fmt.Errorf("telegram: getFile: %w", scrub(err, in.Credentials.AccessToken))
	}
	defer resp.Body.Close()
	var body struct {
		OK     bool `json:"ok"`
		Result struct {
			FilePath string `json:"file_path"`
		} `json:"result"`
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err == nil {
		err = json.Unmarshal(raw, &body)
	}
	if err != nil || !body.OK || body.Result.FilePath == "" {
		return nil, nil, fmt.Errorf("telegram: getFile answered %d: %v", resp.StatusCode, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/file/bot%s/%s", a.baseURL(in), in.Credentials.AccessToken, body.Result.FilePath), nil)
	if err != nil {
		return nil, nil, fmt.Errorf("telegram: file download: %w", err)
	}
	return req, hosts, nil
}
