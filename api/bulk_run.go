package api

import (
	"context"
	"net/url"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/query"
)

// selection returns the conversation ids of this call and, for a filter
// with more matches, the cursor of the next call. A filter is paged by
// creation time, which commands do not change, so that a command that moves
// conversations (close, tag) neither skips nor repeats any.
func (r *bulkRoute) selection(ctx context.Context, p Principal, body bulkBody) ([]string, string, error) {
	limit := body.Limit
	if limit <= 0 || limit > r.cfg.MaxItems {
		limit = r.cfg.MaxItems
	}
	switch {
	case (len(body.IDs) == 0) == (body.Filter == nil):
		return nil, "", errBulkNoSelection
	case len(body.IDs) > 0:
		return uniqueIDs(body.IDs, r.cfg.MaxItems)
	}
	values, err := filterValues(body.Filter)
	if err != nil {
		return nil, "", err
	}
	params, err := query.ParseListParams(url.Values(values))
	if err != nil {
		return nil, "", queryError(err)
	}
	params.Sort, params.Cursor = query.SortCreated, body.Cursor
	var ids []string
	for len(ids) < limit {
		params.Limit = min(query.MaxLimit, limit-len(ids))
		page, err := r.cfg.Lister.ListConversations(ctx, r.cfg.Viewer(p), params)
		if err != nil {
			return nil, "", queryError(err)
		}
		for _, c := range page.Data {
			ids = append(ids, c.ID)
		}
		params.Cursor = page.Meta.NextCursor
		if params.Cursor == "" {
			break
		}
	}
	return ids, params.Cursor, nil
}

func uniqueIDs(in []string, max int) ([]string, string, error) {
	if len(in) > max {
		return nil, "", domain.Invalid("ids", "too_many_ids", "at most %d ids per call", max)
	}
	seen := make(map[string]bool, len(in))
	out := make([]string, 0, len(in))
	for i, id := range in {
		if err := domain.CheckID("ids", id); err != nil {
			return nil, "", domain.Invalid("ids", "invalid_id", "ids[%d]: %s", i, err.Message)
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, "", nil
}

// apply runs cmd on every id with a few workers and collects the results
// in the order of ids.
func (r *bulkRoute) apply(c *gin.Context, p Principal, ids []string, bc bulkCommand, cmd conversation.Command) bulkResponse {
	out := bulkResponse{Results: make([]bulkItem, len(ids)), command: bc.Type}
	base := bulkCommandID(c, p.AccountID)
	sub := p.Subject()
	ctx := c.Request.Context()
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(r.cfg.Workers, len(ids)) {
		wg.Go(func() {
			for i := range next {
				out.Results[i] = r.one(ctx, c, p, sub, ids[i], bc, cmd, uuid.NewSHA1(commandIDNamespace, []byte(base+"\x00"+ids[i])).String())
			}
		})
	}
	for i := range ids {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, it := range out.Results {
		if it.OK {
			out.Succeeded++
			out.Position = max(out.Position, it.Position)
		} else {
			out.Failed++
		}
	}
	return out
}

// one checks and runs the command on one conversation.
func (r *bulkRoute) one(ctx context.Context, c *gin.Context, p Principal, sub authz.Subject, id string, bc bulkCommand, cmd conversation.Command, commandID string) bulkItem {
	st, exists, err := r.cfg.Commands.ConversationState(ctx, p.AccountID, id)
	if err != nil {
		return itemError(id, err)
	}
	if exists {
		m := authz.ConversationMeta{AccountID: p.AccountID, InboxID: st.InboxID, AssigneeID: st.AssigneeID, TeamID: st.TeamID}
		if !authz.CanSeeConversation(sub, m) {
			return itemError(id, domain.NotFound("not_found", "no such conversation"))
		}
		if !authz.CanActOnConversation(sub, m, bc.action(sub)) {
			return itemError(id, domain.Forbidden("forbidden", "the conversation is assigned to someone else; this needs the conversations.manage_others permission"))
		}
	}
	meta := metaOf(c, p, nil)
	meta.CommandID = commandID
	res, err := r.cfg.Commands.Conversation(ctx, id, cmd, meta)
	if err != nil {
		return itemError(id, err)
	}
	return bulkItem{ID: id, OK: true, Status: 202, Stream: res.Stream, Revision: res.Revision, Position: res.Position}
}
