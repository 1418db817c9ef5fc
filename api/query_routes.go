package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/query"
)

// QueryRoutesConfig configures RegisterQueryRoutes.
type QueryRoutesConfig struct {
	// Progress tells when the inbox projector has reached a position
	// (projections.Progress); required for min_position.
	Progress PositionWaiter
	// InboxProjector is the projector the views come from; "inbox" if empty.
	InboxProjector string
	// DefaultWait bounds a min_position wait (2 s if zero); MaxWait caps the
	// wait_ms parameter (10 s if zero).
	DefaultWait, MaxWait time.Duration
	// Viewer says what a principal may see; by default its account and
	// actor, with handles masked (no PII permission).
	Viewer func(Principal) query.Viewer
	// TimeTravel, when set, answers GET /conversations/:id and
	// /contacts/:id that carry ?as_of= (api/history_routes_asof.go);
	// without it as_of is an unknown parameter.
	TimeTravel *HistoryRoutes
}

func (c *QueryRoutesConfig) setDefaults() {
	if c.InboxProjector == "" {
		c.InboxProjector = "inbox"
	}
	if c.DefaultWait <= 0 {
		c.DefaultWait = 2 * time.Second
	}
	if c.MaxWait <= 0 {
		c.MaxWait = 10 * time.Second
	}
	if c.Viewer == nil {
		c.Viewer = DefaultViewer
	}
}

// Validate reports every problem of the configuration.
func (c QueryRoutesConfig) Validate() error {
	var errs []error
	if c.Progress == nil {
		errs = append(errs, errors.New("api: QueryRoutesConfig.Progress is required (read-your-writes)"))
	}
	if c.MaxWait < c.DefaultWait {
		errs = append(errs, fmt.Errorf("api: query MaxWait %s is below DefaultWait %s", c.MaxWait, c.DefaultWait))
	}
	return errors.Join(errs...)
}

// DefaultViewer is the principal's account (and agent, for agents), without
// PII.
func DefaultViewer(p Principal) query.Viewer {
	v := query.Viewer{AccountID: p.AccountID}
	if p.Actor.Kind == domain.ActorAgent {
		v.AgentID = p.Actor.ID
	}
	return v
}

// queryRoutes serves the query API.
type queryRoutes struct {
	q   *query.Service
	cfg QueryRoutesConfig
}

// RegisterQueryRoutes adds the query API to r, a group at BasePath behind
// RequireAuth: GET /conversations, /conversations/:id, /contacts/:id and
// /contacts?q=. Every route accepts min_position (and wait_ms) to read its
// own writes; bad parameters are answered 400 naming the parameter.
func RegisterQueryRoutes(r *gin.RouterGroup, q *query.Service, cfg QueryRoutesConfig) error {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return err
	}
	h := &queryRoutes{q: q, cfg: cfg}
	r.GET("/conversations", h.serve("query.list_conversations", h.listConversations))
	r.GET("/conversations/:id", h.serve("query.get_conversation", h.getConversation))
	r.GET("/contacts", h.serve("query.search_contacts", h.searchContacts))
	r.GET("/contacts/:id", h.serve("query.get_contact", h.getContact))
	return nil
}

// queryFunc answers a query with a body (and an optional ETag revision).
type queryFunc func(ctx context.Context, c *gin.Context, v query.Viewer, params url.Values) (any, *uint64, error)

func (h *queryRoutes) serve(op string, fn queryFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set(opKey, op)
		p, ok := PrincipalFrom(c)
		if !ok {
			WriteError(c, fmt.Errorf("%w: no credential", ErrUnauthenticated))
			return
		}
		params := c.Request.URL.Query()
		if err := h.readYourWrites(c, params); err != nil {
			WriteError(c, err)
			return
		}
		body, rev, err := fn(c.Request.Context(), c, h.cfg.Viewer(p), params)
		if err != nil {
			WriteError(c, queryError(err))
			return
		}
		if rev != nil {
			c.Header("ETag", ETag(*rev))
		}
		c.JSON(http.StatusOK, body)
	}
}

func (h *queryRoutes) listConversations(ctx context.Context, _ *gin.Context, v query.Viewer, params url.Values) (any, *uint64, error) {
	p, err := query.ParseListParams(params)
	if err != nil {
		return nil, nil, err
	}
	page, err := h.q.ListConversations(ctx, v, p)
	return page, nil, err
}

func (h *queryRoutes) getConversation(ctx context.Context, c *gin.Context, v query.Viewer, params url.Values) (any, *uint64, error) {
	if h.cfg.TimeTravel != nil && params.Has("as_of") { // time travel hook
		return h.cfg.TimeTravel.ConversationAsOf(ctx, c, v, params)
	}
	if err := noParams(params); err != nil {
		return nil, nil, err
	}
	conv, err := h.q.GetConversation(ctx, v, c.Param("id"))
	return conv, &conv.Revision, err
}

func (h *queryRoutes) getContact(ctx context.Context, c *gin.Context, v query.Viewer, params url.Values) (any, *uint64, error) {
	if h.cfg.TimeTravel != nil && params.Has("as_of") { // time travel hook
		return h.cfg.TimeTravel.ContactAsOf(ctx, c, v, params)
	}
	if err := noParams(params); err != nil {
		return nil, nil, err
	}
	k, err := h.q.GetContact(ctx, v, c.Param("id"))
	return k, &k.Revision, err
}

func (h *queryRoutes) searchContacts(ctx context.Context, _ *gin.Context, v query.Viewer, params url.Values) (any, *uint64, error) {
	p, err := query.ParseSearchParams(params)
	if err != nil {
		return nil, nil, err
	}
	found, err := h.q.SearchContacts(ctx, v, p)
	return gin.H{"data": found}, nil, err
}

// noParams rejects any parameter left after the consistency ones.
func noParams(params url.Values) error {
	for name := range params {
		return domain.Invalid(name, query.CodeUnknownParameter, "unknown query parameter %q", name)
	}
	return nil
}

// queryError answers a query's input errors 400 (not 422: they are about
// the request's parameters, not a command).
func queryError(err error) error {
	var de *domain.Error
	if errors.As(err, &de) && de.Kind == domain.KindInvalid {
		return &RequestError{Status: http.StatusBadRequest, Code: de.Code, Field: de.Field, Message: de.Message}
	}
	return err
}
