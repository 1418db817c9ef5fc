package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/domain/account"
	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/projections/directory"
)

// registerCatalog mounts the tag catalogue (managed under /admin/tags, read
// by everyone at /tags) and quick replies (/quick-replies: shared ones are
// managed by administrators, personal ones by their owner).
func (h *adminRoutes) registerCatalog(s *CommandAPI) {
	adminCommand(s, h, "POST", "/admin/tags", func(c *account.DefineTag, _ string) { c.TagID = newID(c.TagID) })
	adminAction(s, h, "/admin/tags/:id/archive", func(id string) account.Command { return account.ArchiveTag{TagID: id} }, nil)
	s.group.GET("/tags", catalogList("catalog.list_tags", func(ctx context.Context, p Principal) (any, error) {
		tags, err := h.cfg.Directory.Tags(ctx, p.AccountID)
		active := make([]directory.Tag, 0, len(tags))
		for _, t := range tags {
			if !t.Archived {
				active = append(active, t)
			}
		}
		return active, err
	}))
	HandleJSON(s, "POST", "/quick-replies", account.CreateQuickReply{}.CommandType(),
		func(c *gin.Context, p Principal, body account.CreateQuickReply, ifMatch *uint64) (CommandResult, error) {
			body.QuickReplyID, body.AsAdmin = newID(body.QuickReplyID), p.Subject().Can(authz.Admin)
			return h.run(c, p, body, ifMatch)
		})
	HandleJSON(s, "PATCH", "/quick-replies/:id", account.UpdateQuickReply{}.CommandType(),
		func(c *gin.Context, p Principal, body account.UpdateQuickReply, ifMatch *uint64) (CommandResult, error) {
			body.QuickReplyID, body.AsAdmin = c.Param("id"), p.Subject().Can(authz.Admin)
			return h.run(c, p, body, ifMatch)
		})
	s.Handle("POST", "/quick-replies/:id/archive", account.ArchiveQuickReply{}.CommandType(),
		func(c *gin.Context, p Principal, ifMatch *uint64) (CommandResult, error) {
			return h.run(c, p, account.ArchiveQuickReply{QuickReplyID: c.Param("id"), AsAdmin: p.Subject().Can(authz.Admin)}, ifMatch)
		})
	s.group.GET("/quick-replies", catalogList("catalog.list_quick_replies", func(ctx context.Context, p Principal) (any, error) {
		sub := p.Subject()
		return h.cfg.Directory.QuickReplies(ctx, p.AccountID, sub.UserID, sub.Access.Teams)
	}))
}

// catalogList answers GET with {"data": ...} for any authenticated caller.
func catalogList(op string, list func(context.Context, Principal) (any, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set(opKey, op)
		p, _ := PrincipalFrom(c)
		if len(c.Request.URL.RawQuery) > 0 {
			WriteError(c, &RequestError{Status: http.StatusBadRequest, Code: "unknown_parameter", Message: "this list takes no parameters"})
			return
		}
		rows, err := list(c.Request.Context(), p)
		if err != nil {
			WriteError(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"data": rows})
	}
}
