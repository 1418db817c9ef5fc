package whatsapp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/media"
	"github.com/parley-inbox/parley/domain/conversation"
)

// mediaHosts serve Cloud API media downloads.
var mediaHosts = []string{"graph.facebook.com", "lookaside.fbsbx.com", "fbsbx.com"}

// MediaRequest looks the media id up (GET /{version}/{media-id}) and
// returns the authenticated download of the URL it names.
func (a *Adapter) MediaRequest(ctx context.Context, in channels.Inbox, m conversation.Media) (*http.Request, []string, error) {
	hosts := append([]string{media.BaseHost(in.APIBaseURL)}, mediaHosts...)
	if m.Ref == "" {
		return nil, nil, fmt.Errorf("whatsapp: media has no id: %w", media.ErrRejected)
	}
	info, err := http.NewRequestWithContext(ctx, http.MethodGet, a.URL(in, m.Ref), nil)
	if err != nil {
		return nil, nil, fmt.Errorf("whatsapp: media lookup: %w", err)
	}
	info.Header.Set("Authorization", "Bearer "+in.Credentials.AccessToken)
	resp, err := a.Do(info)
	if err != nil {
		return nil, nil, fmt.Errorf("whatsapp: media lookup: %w", err)
	}
	defer resp.Body.Close()
	var body struct {
		URL string `json:"url"`
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err == nil {
		err = json.Unmarshal(raw, &body)
	}
	if err != nil || resp.StatusCode != http.StatusOK || body.URL == "" {
		return nil, nil, fmt.Errorf("whatsapp: media lookup answered %d: %v", resp.StatusCode, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, body.URL, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("whatsapp: media download: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+in.Credentials.AccessToken)
	return req, hosts, nil
}
