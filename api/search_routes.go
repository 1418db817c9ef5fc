package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/projections/timeline"
)

// SearchResponse is the body of GET /search.
type SearchResponse struct {
	Data       []timeline.SearchHit `json:"data"`
	NextCursor string               `json:"next_cursor,omitempty"`
}

// search runs a full-text search. q is only ever the value of a match
// query: no query syntax reaches the engine.
func (h *searchRoutes) search(ctx context.Context, _ *gin.Context, p Principal, params url.Values) (any, error) {
	v := paramReader{params: params}
	if err := v.only("q", "mode", "kind", "channel", "inbox", "agent", "tag", "from", "to", "cursor", "limit"); err != nil {
		return nil, err
	}
	q := timeline.SearchQuery{Text: v.one("q"), Mode: timeline.SearchMode(v.one("mode")), Kinds: v.list("kind"),
		Channel: v.one("channel"), InboxID: v.one("inbox"), AgentID: v.one("agent"), Tag: v.one("tag"),
		From: v.time("from"), To: v.time("to"), Limit: v.int("limit")}
	if q.Text == "" {
		v.fail("q", "is required")
	}
	if cur := v.one("cursor"); cur != "" {
		q.After = decodeSearchCursor(cur)
		if q.After == nil {
			v.fail("cursor", "is not a cursor of this search")
		}
	}
	if v.err != nil {
		return nil, v.err
	}
	q.Inboxes, q.Assignees = visibility(p.Subject())
	res, err := h.r.Search(ctx, p.AccountID, q)
	if err != nil {
		return nil, err
	}
	out := SearchResponse{Data: res.Hits}
	if res.Next != nil {
		b, err := json.Marshal(res.Next)
		if err != nil {
			return nil, err
		}
		out.NextCursor = base64.RawURLEncoding.EncodeToString(b)
	}
	return out, nil
}

func decodeSearchCursor(s string) *timeline.SearchCursor {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil
	}
	var c timeline.SearchCursor
	if err := json.Unmarshal(b, &c); err != nil || c.ID == "" || c.At.IsZero() {
		return nil
	}
	return &c
}

// visibility is what a subject may search: its inboxes (nil: all) and the
// assignees of the conversations in its scope (nil: any). The
// participating scope is approximated by "assigned to them now".
func visibility(s authz.Subject) (inboxes, assignees []string) {
	if !s.Can(authz.AllInboxes) {
		inboxes = append([]string{}, s.Access.Inboxes...)
	}
	switch s.Access.Scope {
	case authz.ScopeAll:
	case authz.ScopeUnassignedAndOwn:
		assignees = []string{""}
		if s.UserID != "" {
			assignees = append(assignees, s.UserID)
		}
	default:
		assignees = []string{}
		if s.UserID != "" {
			assignees = append(assignees, s.UserID)
		}
	}
	return inboxes, assignees
}
