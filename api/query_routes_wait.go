package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/query"
)

// readYourWrites takes min_position and wait_ms out of params and, when a
// position is asked for, waits (bounded) until the inbox projector has
// applied it. It answers 503 with Retry-After when the views are still
// behind at the deadline.
func (h *queryRoutes) readYourWrites(c *gin.Context, params url.Values) error {
	pos, wait, err := h.consistencyParams(params)
	if err != nil || pos == 0 {
		return err
	}
	ctx := c.Request.Context()
	waitCtx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	if err := h.cfg.Progress.WaitFor(waitCtx, h.cfg.InboxProjector, pos); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		c.Header("Retry-After", "1")
		return &RequestError{Status: http.StatusServiceUnavailable, Code: "not_yet_visible", Field: "min_position",
			Message: fmt.Sprintf("the inbox views have not reached position %d yet; retry shortly", pos)}
	}
	return nil
}

func (h *queryRoutes) consistencyParams(params url.Values) (uint64, time.Duration, error) {
	bad := func(field, format string, args ...any) error {
		return &RequestError{Status: http.StatusBadRequest, Code: query.CodeInvalidParameter, Field: field, Message: fmt.Sprintf(format, args...)}
	}
	var pos uint64
	wait := h.cfg.DefaultWait
	for _, name := range []string{"min_position", "wait_ms"} {
		vs, ok := params[name]
		if !ok {
			continue
		}
		delete(params, name)
		if len(vs) != 1 || vs[0] == "" || vs[0][0] < '0' || vs[0][0] > '9' {
			return 0, 0, bad(name, "must be given once, as a non-negative integer")
		}
		n, err := strconv.ParseUint(vs[0], 10, 64)
		if err != nil {
			return 0, 0, bad(name, "must be a non-negative integer below 2^64")
		}
		switch name {
		case "min_position":
			pos = n
		case "wait_ms":
			if n < 1 || n > uint64(h.cfg.MaxWait.Milliseconds()) {
				return 0, 0, bad(name, "must be from 1 to %d (milliseconds)", h.cfg.MaxWait.Milliseconds())
			}
			wait = time.Duration(n) * time.Millisecond
		}
	}
	return pos, wait, nil
}

// QueryConversationRow reads a conversation's list row for the live stream
// (StreamConfig.ConversationRow) through the query service.
func QueryConversationRow(q *query.Service, viewer func(Principal) query.Viewer) ConversationRowFunc {
	if viewer == nil {
		viewer = DefaultViewer
	}
	return func(ctx context.Context, p Principal, id string) (any, error) {
		return q.GetConversation(ctx, viewer(p), id)
	}
}
