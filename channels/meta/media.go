package meta

import (
	"context"
	"fmt"
	"net/http"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/media"
	"github.com/parley-inbox/parley/domain/conversation"
)

// mediaHosts serve Messenger and Instagram attachments.
var mediaHosts = []string{"fbcdn.net", "fbsbx.com", "cdninstagram.com", "lookaside.fbsbx.com"}

// MediaRequest downloads an attachment URL from Meta's CDNs.
func (a *Adapter) MediaRequest(ctx context.Context, in channels.Inbox, m conversation.Media) (*http.Request, []string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.URL, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("meta: media: %w", err)
	}
	return req, append([]string{media.BaseHost(in.APIBaseURL)}, mediaHosts...), nil
}
