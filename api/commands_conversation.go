package api

import (
	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain/conversation"
)

// openConversationBody is POST /conversations: the open command plus an
// optional client-chosen id (a random one otherwise).
type openConversationBody struct {
	ID string `json:"id,omitempty"`
	conversation.OpenConversation
}

func registerConversationCommands(s *CommandAPI, h *command.Handlers) {
	HandleJSON(s, "POST", "/conversations", conversation.OpenConversation{}.CommandType(),
		func(c *gin.Context, p Principal, body openConversationBody, ifMatch *uint64) (CommandResult, error) {
			res, err := h.Conversation(c.Request.Context(), newID(body.ID), body.OpenConversation, metaOf(c, p, ifMatch))
			return CommandResult(res), err
		})
	conversationRoute[conversation.ReceiveMessage](s, h, "POST", "/conversations/:id/inbound-messages")
	conversationRoute[conversation.SendMessage](s, h, "POST", "/conversations/:id/messages")
	conversationRoute[conversation.RecordDeliveryStatus](s, h, "POST", "/conversations/:id/delivery-statuses")
	conversationRoute[conversation.AddNote](s, h, "POST", "/conversations/:id/notes")
	conversationRoute[conversation.AssignAgent](s, h, "POST", "/conversations/:id/assign")
	conversationRoute[conversation.AssignTeam](s, h, "POST", "/conversations/:id/assign-team")
	conversationAction(s, h, "/conversations/:id/unassign", conversation.Unassign{})
	conversationAction(s, h, "/conversations/:id/accept", conversation.Accept{})
	conversationRoute[conversation.ApplyTag](s, h, "POST", "/conversations/:id/tags")
	s.Handle("DELETE", "/conversations/:id/tags/:tag", conversation.RemoveTag{}.CommandType(),
		func(c *gin.Context, p Principal, ifMatch *uint64) (CommandResult, error) {
			return runConversation(c, h, p, conversation.RemoveTag{Tag: c.Param("tag")}, ifMatch)
		})
	conversationRoute[conversation.Close](s, h, "POST", "/conversations/:id/close")
	conversationAction(s, h, "/conversations/:id/reopen", conversation.Reopen{})
	conversationRoute[conversation.Snooze](s, h, "POST", "/conversations/:id/snooze")
	conversationRoute[conversation.SetPriority](s, h, "POST", "/conversations/:id/priority")
	conversationRoute[conversation.MarkRead](s, h, "POST", "/conversations/:id/read")
	conversationRoute[conversation.LinkReference](s, h, "POST", "/conversations/:id/references")
	conversationRoute[conversation.UnlinkReference](s, h, "POST", "/conversations/:id/references/unlink")
	conversationRoute[conversation.RecordIntegrationEvent](s, h, "POST", "/conversations/:id/integration-events")
	conversationRoute[conversation.HandOff](s, h, "POST", "/conversations/:id/hand-off")
	conversationRoute[conversation.AddTranscription](s, h, "POST", "/conversations/:id/transcriptions")
	conversationRoute[conversation.AddSummary](s, h, "POST", "/conversations/:id/summaries")
}
