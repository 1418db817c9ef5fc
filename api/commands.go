package api

import (
	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
)

// RegisterCommandRoutes mounts every conversation and contact command on the
// command API.
func RegisterCommandRoutes(s *CommandAPI, h *command.Handlers) {
	registerConversationCommands(s, h)
	registerContactCommands(s, h)
}

// metaOf builds a command's metadata from the authenticated principal and the
// request: the account and actor never come from the path or the body.
func metaOf(c *gin.Context, p Principal, ifMatch *uint64) command.Meta {
	return command.Meta{
		AccountID:     p.AccountID,
		Actor:         p.Actor,
		CommandID:     CommandID(c),
		CorrelationID: boundedHeader(c, "X-Correlation-ID"),
		CausationID:   boundedHeader(c, "X-Causation-ID"),
		Session:       p.Session,
		IfMatch:       ifMatch,
	}
}

// boundedHeader returns a header value if it is short enough to store.
func boundedHeader(c *gin.Context, name string) string {
	if v := c.GetHeader(name); len(v) <= 128 {
		return v
	}
	return ""
}

// conversationRoute registers a conversation command whose body is the
// command itself; the conversation id comes from the path.
func conversationRoute[T conversation.Command](s *CommandAPI, h *command.Handlers, method, path string) {
	var zero T
	HandleJSON(s, method, path, zero.CommandType(), func(c *gin.Context, p Principal, body T, ifMatch *uint64) (CommandResult, error) {
		return runConversation(c, h, p, body, ifMatch)
	})
}

// conversationAction registers a conversation command that takes no body.
func conversationAction(s *CommandAPI, h *command.Handlers, path string, cmd conversation.Command) {
	s.Handle("POST", path, cmd.CommandType(), func(c *gin.Context, p Principal, ifMatch *uint64) (CommandResult, error) {
		return runConversation(c, h, p, cmd, ifMatch)
	})
}

func runConversation(c *gin.Context, h *command.Handlers, p Principal, cmd conversation.Command, ifMatch *uint64) (CommandResult, error) {
	res, err := h.Conversation(c.Request.Context(), c.Param("id"), cmd, metaOf(c, p, ifMatch))
	return CommandResult(res), err
}

func contactRoute[T contact.Command](s *CommandAPI, h *command.Handlers, method, path string) {
	var zero T
	HandleJSON(s, method, path, zero.CommandType(), func(c *gin.Context, p Principal, body T, ifMatch *uint64) (CommandResult, error) {
		return runContact(c, h, p, body, ifMatch)
	})
}

func contactAction(s *CommandAPI, h *command.Handlers, method, path string, cmd contact.Command) {
	s.Handle(method, path, cmd.CommandType(), func(c *gin.Context, p Principal, ifMatch *uint64) (CommandResult, error) {
		return runContact(c, h, p, cmd, ifMatch)
	})
}

func runContact(c *gin.Context, h *command.Handlers, p Principal, cmd contact.Command, ifMatch *uint64) (CommandResult, error) {
	res, err := h.Contact(c.Request.Context(), c.Param("id"), cmd, metaOf(c, p, ifMatch))
	return CommandResult(res), err
}

// newID gives a resource created without a client-chosen id a random one.
func newID(id string) string {
	if id != "" {
		return id
	}
	return uuid.NewString()
}
