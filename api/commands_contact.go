package api

import (
	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain/contact"
)

// createContactBody is POST /contacts: the create command plus an optional
// client-chosen id.
type createContactBody struct {
	ID string `json:"id,omitempty"`
	contact.CreateContact
}

// mergeBody names the other contact of a merge or unmerge.
type mergeBody struct {
	TargetID string `json:"target_id"`
}

func registerContactCommands(s *CommandAPI, h *command.Handlers) {
	HandleJSON(s, "POST", "/contacts", contact.CreateContact{}.CommandType(),
		func(c *gin.Context, p Principal, body createContactBody, ifMatch *uint64) (CommandResult, error) {
			res, err := h.Contact(c.Request.Context(), newID(body.ID), body.CreateContact, metaOf(c, p, ifMatch))
			return CommandResult(res), err
		})
	contactRoute[contact.UpdateProfile](s, h, "PATCH", "/contacts/:id")
	contactRoute[contact.AddIdentity](s, h, "POST", "/contacts/:id/identities")
	contactRoute[contact.RemoveIdentity](s, h, "POST", "/contacts/:id/identities/remove")
	contactRoute[contact.ApplyTag](s, h, "POST", "/contacts/:id/tags")
	s.Handle("DELETE", "/contacts/:id/tags/:tag", contact.RemoveTag{}.CommandType(),
		func(c *gin.Context, p Principal, ifMatch *uint64) (CommandResult, error) {
			return runContact(c, h, p, contact.RemoveTag{Tag: c.Param("tag")}, ifMatch)
		})
	contactAction(s, h, "POST", "/contacts/:id/private", contact.MarkPrivate{})
	contactAction(s, h, "DELETE", "/contacts/:id/private", contact.UnmarkPrivate{})
	HandleJSON(s, "POST", "/contacts/:id/merge", contact.MergeInto{}.CommandType(),
		func(c *gin.Context, p Principal, body mergeBody, ifMatch *uint64) (CommandResult, error) {
			res, err := h.MergeContacts(c.Request.Context(), c.Param("id"), body.TargetID, metaOf(c, p, ifMatch))
			return CommandResult(res), err
		})
	HandleJSON(s, "POST", "/contacts/:id/unmerge", contact.Unmerge{}.CommandType(),
		func(c *gin.Context, p Principal, body mergeBody, ifMatch *uint64) (CommandResult, error) {
			res, err := h.UnmergeContacts(c.Request.Context(), c.Param("id"), body.TargetID, metaOf(c, p, ifMatch))
			return CommandResult(res), err
		})
}
