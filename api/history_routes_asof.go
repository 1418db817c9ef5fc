package api

import (
	"context"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/audit"
	"github.com/parley-inbox/parley/query"
)

// ConversationAsOf answers GET /conversations/:id?as_of= (the query routes'
// time-travel hook): the conversation folded from its stream up to as_of, a
// revision or an RFC 3339 time, in the live view's shape plus messages.
func (h *HistoryRoutes) ConversationAsOf(ctx context.Context, c *gin.Context, v query.Viewer, params url.Values) (any, *uint64, error) {
	at, err := h.asOf(c, params)
	if err != nil {
		return nil, nil, err
	}
	conv, err := h.cfg.Reader.ConversationAt(ctx, v, c.Param("id"), at)
	if err != nil {
		return nil, nil, auditError(err)
	}
	return conv, &conv.Revision, nil
}

// ContactAsOf answers GET /contacts/:id?as_of=.
func (h *HistoryRoutes) ContactAsOf(ctx context.Context, c *gin.Context, v query.Viewer, params url.Values) (any, *uint64, error) {
	at, err := h.asOf(c, params)
	if err != nil {
		return nil, nil, err
	}
	k, err := h.cfg.Reader.ContactAt(ctx, v, c.Param("id"), at)
	if err != nil {
		return nil, nil, auditError(err)
	}
	return k, &k.Revision, nil
}

func (h *HistoryRoutes) asOf(c *gin.Context, params url.Values) (audit.AsOf, error) {
	p, _ := PrincipalFrom(c)
	if err := h.cfg.Allow(p); err != nil {
		return audit.AsOf{}, err
	}
	if err := onlyParams(params, "as_of"); err != nil {
		return audit.AsOf{}, err
	}
	return audit.ParseAsOf(params.Get("as_of"))
}
