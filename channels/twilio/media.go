package twilio

import (
	"context"
	"fmt"
	"net/http"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/media"
	"github.com/parley-inbox/parley/domain/conversation"
)

// MediaRequest downloads an MMS attachment (Twilio redirects to its CDN).
func (a *Adapter) MediaRequest(ctx context.Context, in channels.Inbox, m conversation.Media) (*http.Request, []string, error) {
	hosts := []string{media.BaseHost(in.APIBaseURL), "api.twilio.com", "media.twiliocdn.com", "twiliocdn.com"}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.URL, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("twilio: media: %w", err)
	}
	req.SetBasicAuth(in.Credentials.AccountSID, in.Credentials.AccessToken)
	return req, hosts, nil
}
