package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/authz"
)

// knownConversations answers the object-level checks from a fixed set of
// conversation states (the command side does it in parley serve).
type knownConversations map[string]conversation.State

func (k knownConversations) ConversationState(_ context.Context, _, id string) (conversation.State, bool, error) {
	st, ok := k[id]
	return st, ok, nil
}

// GET /channels/media/{conversation}/{message} is checked like the
// conversation's own routes: an agent limited to other inboxes is answered
// "no such conversation" before any media is looked up.
func TestChannelMediaFollowsConversationVisibility(t *testing.T) {
	agent := func(id string, inboxes ...string) api.Principal {
		return api.Principal{AccountID: "acme", Actor: domain.Actor{Kind: domain.ActorAgent, ID: id},
			Access: authz.Access{Role: "agent", Scope: authz.ScopeAll, Inboxes: inboxes}}
	}
	srv := channelServerFor(t, []api.APIKey{
		{Secret: "sales-only", Principal: agent("sam", "sales")},
		{Secret: "support", Principal: agent("sue", "support")},
	}, func(cmds *api.CommandAPI) { cmds.Authorize(knownConversations{"cv_1": {InboxID: "support"}}) })

	code, hidden := call(t, srv, "GET", "/channels/media/cv_1/m1", "sales-only", "")
	if code != http.StatusNotFound || !strings.Contains(hidden, "no such conversation") {
		t.Fatalf("an agent of another inbox: %d %s, want 404 no such conversation", code, hidden)
	}
	code, seen := call(t, srv, "GET", "/channels/media/cv_1/m1", "support", "")
	if code != http.StatusNotFound || strings.Contains(seen, "no such conversation") {
		t.Fatalf("an agent of the inbox: %d %s, want the media lookup's own 404", code, seen)
	}
}
