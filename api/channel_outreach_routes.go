package api

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/channels/inbound"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/authz"
)

// ChannelOutreach starts conversations agents initiate; *inbound.Service
// is one.
type ChannelOutreach interface {
	Start(ctx context.Context, inboxID string, o inbound.Outreach, meta command.Meta) (inbound.Started, error)
}

// RegisterOutreachRoute mounts
//
//	POST /api/v1/channels/inboxes/:id/conversations
//
// an agent writing first to someone who never wrote to the inbox (on
// WhatsApp with a template; refused on Telegram, Messenger and Instagram,
// which let a business answer only). The answer's stream names the new
// conversation; the dispatcher sends the message.
func RegisterOutreachRoute(s *CommandAPI, o ChannelOutreach) {
	HandleJSON(s, "POST", "/channels/inboxes/:id/conversations", "channels.start_conversation",
		func(c *gin.Context, p Principal, body inbound.Outreach, ifMatch *uint64) (CommandResult, error) {
			if !authz.CanOpenIn(p.Subject(), c.Param("id")) {
				return CommandResult{}, domain.NotFound("inbox_not_found", "no such inbox")
			}
			st, err := o.Start(c.Request.Context(), c.Param("id"), body, metaOf(c, p, ifMatch))
			return CommandResult(st.Result), err
		})
}
