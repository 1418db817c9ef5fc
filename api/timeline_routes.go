package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/projections/timeline"
)

// SearchRoutesConfig configures RegisterSearchRoutes.
type SearchRoutesConfig struct {
	// Reader answers the queries: pgtimeline.Store in the embedded run,
	// estimeline.Client with a search engine. Required.
	Reader timeline.Reader
	// Visible returns nil if the principal may see the conversation, else
	// the error to answer (ConversationVisibility: the inbox view's check,
	// the same as GET /conversations/{id}). Required.
	Visible func(ctx context.Context, p Principal, conversationID string) error
}

// Validate reports every problem of the configuration.
func (c SearchRoutesConfig) Validate() error {
	var errs []error
	if c.Reader == nil {
		errs = append(errs, errors.New("api: SearchRoutesConfig.Reader is required"))
	}
	if c.Visible == nil {
		errs = append(errs, errors.New("api: SearchRoutesConfig.Visible is required"))
	}
	return errors.Join(errs...)
}

// searchRoutes serves the timeline, search and metrics routes.
type searchRoutes struct {
	r       timeline.Reader
	visible func(ctx context.Context, p Principal, conversationID string) error
}

// RegisterSearchRoutes adds, to r (a group at BasePath behind RequireAuth),
// GET /conversations/:id/timeline, GET /search and GET /metrics/conversations.
// Every answer is scoped to the caller's account and visibility; if the
// search engine is down they answer 503 with Retry-After while the rest of
// the API keeps working.
func RegisterSearchRoutes(r *gin.RouterGroup, cfg SearchRoutesConfig) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	h := &searchRoutes{r: cfg.Reader, visible: cfg.Visible}
	r.GET("/conversations/:id/timeline", h.serve("timeline.get", h.timeline))
	r.GET("/search", h.serve("search.query", h.search))
	r.GET("/metrics/conversations", h.serve("metrics.conversations", h.metrics))
	return nil
}

type searchFunc func(ctx context.Context, c *gin.Context, p Principal, params url.Values) (any, error)

func (h *searchRoutes) serve(op string, fn searchFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set(opKey, op)
		p, ok := PrincipalFrom(c)
		if !ok {
			WriteError(c, fmt.Errorf("%w: no credential", ErrUnauthenticated))
			return
		}
		body, err := fn(c.Request.Context(), c, p, c.Request.URL.Query())
		if err != nil {
			WriteError(c, searchError(err))
			return
		}
		c.JSON(http.StatusOK, body)
	}
}

// searchError turns the timeline port's errors into the kinds ProblemFor maps.
func searchError(err error) error {
	switch {
	case errors.Is(err, timeline.ErrInvalidQuery):
		return &RequestError{Status: http.StatusBadRequest, Code: "invalid_parameter", Message: err.Error()}
	case errors.Is(err, timeline.ErrNotFound):
		return domain.NotFound("not_found", "no such conversation")
	case errors.Is(err, timeline.ErrUnavailable):
		return errors.Join(err, &domain.Error{Kind: domain.KindUnavailable, Code: "search_unavailable",
			Message: "the search engine is unavailable: timeline, search and metrics are back when it is; the inbox and commands keep working"})
	}
	return err
}

// TimelineResponse is the body of GET /conversations/{id}/timeline.
type TimelineResponse struct {
	Data       []timeline.Entry `json:"data"`
	NextCursor string           `json:"next_cursor,omitempty"`
}

func (h *searchRoutes) timeline(ctx context.Context, c *gin.Context, p Principal, params url.Values) (any, error) {
	v := paramReader{params: params}
	if err := v.only("kind", "agent", "from", "to", "order", "cursor", "limit"); err != nil {
		return nil, err
	}
	q := timeline.TimelineQuery{Kinds: v.list("kind"), AgentID: v.one("agent"), From: v.time("from"), To: v.time("to"),
		Limit: v.int("limit")}
	switch order := v.one("order"); order {
	case "", "oldest":
	case "newest":
		q.Newest = true
	default:
		v.fail("order", "must be oldest or newest")
	}
	if cur := v.one("cursor"); cur != "" {
		n, err := strconv.ParseUint(cur, 10, 64)
		if err != nil || n == 0 {
			v.fail("cursor", "is not a cursor of this timeline")
		}
		q.After = n
	}
	if v.err != nil {
		return nil, v.err
	}
	// Visibility comes from the inbox view (a primary-key read), not from
	// the timeline's conversation document: one round trip to the search
	// engine per page instead of two. The page itself is read within the
	// account and tells a missing conversation.
	id := c.Param("id")
	if err := h.visible(ctx, p, id); err != nil {
		if errors.Is(err, domain.ErrNotFound) {
			return nil, timeline.ErrNotFound // this route's one answer for "no such conversation"
		}
		return nil, err
	}
	page, err := h.r.Timeline(ctx, p.AccountID, id, q)
	if err != nil {
		return nil, err
	}
	out := TimelineResponse{Data: page.Entries}
	if out.Data == nil {
		out.Data = []timeline.Entry{} // an empty page is [], not null
	}
	if page.Next > 0 {
		out.NextCursor = strconv.FormatUint(page.Next, 10)
	}
	return out, nil
}

// paramReader reads query parameters, keeping the first problem.
type paramReader struct {
	params url.Values
	err    error
}

func (v *paramReader) fail(field, msg string) {
	if v.err == nil {
		v.err = &RequestError{Status: http.StatusBadRequest, Code: "invalid_parameter", Field: field, Message: msg}
	}
}

// only rejects unknown parameters, and repeated ones except list ones.
func (v *paramReader) only(known ...string) error {
	for name, vs := range v.params {
		if !slices.Contains(known, name) {
			return &RequestError{Status: http.StatusBadRequest, Code: "unknown_parameter", Field: name, Message: "unknown query parameter"}
		}
		if len(vs) > 1 && name != "kind" {
			return &RequestError{Status: http.StatusBadRequest, Code: "invalid_parameter", Field: name, Message: "must be given once"}
		}
	}
	return nil
}

func (v *paramReader) one(name string) string { return strings.TrimSpace(v.params.Get(name)) }

// list accepts repeated and comma-separated values.
func (v *paramReader) list(name string) []string {
	var out []string
	for _, s := range v.params[name] {
		for _, x := range strings.Split(s, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	if len(out) > 20 {
		v.fail(name, "at most 20 values")
	}
	return out
}

func (v *paramReader) time(name string) time.Time {
	s := v.one(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		v.fail(name, "must be an RFC 3339 time, e.g. 2026-03-02T09:00:00Z")
	}
	return t
}

func (v *paramReader) int(name string) int {
	s := v.one(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		v.fail(name, "must be a positive integer")
	}
	return n
}
