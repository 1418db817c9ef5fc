package main

// The web inbox's conversation helpers (issue 8): the agents a note may
// mention, agents' attachments, and the signed media URLs the web app
// loads from its own origin.

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/api"
	chansystem "github.com/parley-inbox/parley/channels/system"
	"github.com/parley-inbox/parley/command"
)

// registerConversationHelpers mounts GET /agents and the attachment routes
// on the command API (after Authorize: object-level checks apply).
func registerConversationHelpers(d Deps, cmds *api.CommandAPI, h *command.Handlers) error {
	admin, err := chansystem.NewAdmin(d.Pool, channelsConfig(d).AdminConfig())
	if err != nil {
		return err
	}
	api.RegisterAttachmentRoutes(cmds, h, admin.Media)
	api.RegisterAgentRoutes(cmds, agentDirectory(d))
	return nil
}

// registerSignedMedia serves GET /api/v1/media/:key?exp=&sig= on the query
// engine, without a credential (the signature is one): the web app shows
// attachments from its own origin, whatever the webhook server's address.
func registerSignedMedia(d Deps, engine *gin.Engine) error {
	admin, err := chansystem.NewAdmin(d.Pool, channelsConfig(d).AdminConfig())
	if err != nil {
		return err
	}
	api.RegisterMediaRoute(engine.Group(api.BasePath), admin.Media)
	return nil
}

// Agents implements api.AgentLister: the account's active users, then the
// agents holding a configured API key (named by their id), by name.
func (m mentionAgents) Agents(ctx context.Context, accountID string) ([]api.AgentRef, error) {
	users, err := m.dir.Users(ctx, accountID)
	if err != nil {
		return nil, err
	}
	out := []api.AgentRef{}
	for _, u := range users {
		if !u.Archived {
			out = append(out, api.AgentRef{ID: u.ID, Name: cmp.Or(u.Name, u.ID)})
		}
	}
	for _, id := range m.static[accountID] {
		if !slices.ContainsFunc(out, func(a api.AgentRef) bool { return a.ID == id }) {
			out = append(out, api.AgentRef{ID: id, Name: id})
		}
	}
	slices.SortFunc(out, func(a, b api.AgentRef) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return out, nil
}
