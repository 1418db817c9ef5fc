package api

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parley-inbox/parley/audit"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/query"
)

// HistoryRoutesConfig configures the auditors' routes (NewHistoryRoutes).
type HistoryRoutesConfig struct {
	Reader *audit.Reader // stream histories and time travel; required
	// Exporter serves GET /audit/events; Chains and DB serve GET
	// /audit/verify. Without them (EventStoreDB) those routes answer 501.
	Exporter *audit.Exporter
	Chains   audit.ChainVerifier
	DB       *pgxpool.Pool
	// Viewer says what a principal may see (PII); DefaultViewer if nil.
	Viewer func(Principal) query.Viewer
	// Allow decides who may read history, exports, time travel and the
	// chain check. Default: the audit.view permission (authz.ViewAudit).
	// Hook for the accounts work: plug a richer check here.
	Allow func(Principal) error
	// ExportTimeout and VerifyTimeout replace the request timeout of those
	// long-running routes (1 h and 5 min if zero).
	ExportTimeout, VerifyTimeout time.Duration
}

func (c *HistoryRoutesConfig) setDefaults() {
	if c.Viewer == nil {
		c.Viewer = DefaultViewer
	}
	if c.Allow == nil {
		c.Allow = RequireViewAudit
	}
	if c.ExportTimeout <= 0 {
		c.ExportTimeout = time.Hour
	}
	if c.VerifyTimeout <= 0 {
		c.VerifyTimeout = 5 * time.Minute
	}
}

// RequireViewAudit allows principals holding the audit.view permission.
func RequireViewAudit(p Principal) error {
	if !p.Subject().Can(authz.ViewAudit) {
		return domain.Forbidden("forbidden", "audit history needs the audit.view permission")
	}
	return nil
}

// HistoryRoutes serves auditors: stream histories, the NDJSON export, the
// chain check, and time travel for the query routes' ?as_of= hook.
type HistoryRoutes struct {
	cfg HistoryRoutesConfig
}

// NewHistoryRoutes checks cfg and returns the routes.
func NewHistoryRoutes(cfg HistoryRoutesConfig) (*HistoryRoutes, error) {
	cfg.setDefaults()
	if cfg.Reader == nil {
		return nil, errors.New("api: HistoryRoutesConfig.Reader is required")
	}
	return &HistoryRoutes{cfg: cfg}, nil
}

// Register adds GET /conversations/:id/history, /contacts/:id/history,
// /audit/events and /audit/verify to r, a group at BasePath behind
// RequireAuth. Pass h as QueryRoutesConfig.TimeTravel for ?as_of=.
func (h *HistoryRoutes) Register(r *gin.RouterGroup) {
	r.GET("/conversations/:id/history", h.guard("audit.conversation_history", h.history(conversation.StreamName)))
	r.GET("/contacts/:id/history", h.guard("audit.contact_history", h.history(contact.StreamName)))
	r.GET("/audit/events", h.guard("audit.export_events", h.export))
	r.GET("/audit/verify", h.guard("audit.verify", h.verify))
}

// guard names the operation and checks the caller may audit.
func (h *HistoryRoutes) guard(op string, next func(*gin.Context, Principal)) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set(opKey, op)
		p, ok := PrincipalFrom(c)
		if !ok {
			WriteError(c, fmt.Errorf("%w: no credential", ErrUnauthenticated))
			return
		}
		if err := h.cfg.Allow(p); err != nil {
			WriteError(c, err)
			return
		}
		next(c, p)
	}
}

func (h *HistoryRoutes) history(streamOf func(string) string) func(*gin.Context, Principal) {
	return func(c *gin.Context, p Principal) {
		params := c.Request.URL.Query()
		q, err := historyQuery(params)
		if err != nil {
			WriteError(c, queryError(err))
			return
		}
		v := h.cfg.Viewer(p)
		q.Account, q.Stream, q.SeePII = p.AccountID, streamOf(c.Param("id")), v.SeePII
		page, err := h.cfg.Reader.History(c.Request.Context(), q)
		if err != nil {
			WriteError(c, auditError(err))
			return
		}
		c.JSON(200, page)
	}
}

func historyQuery(params url.Values) (audit.HistoryQuery, error) {
	var q audit.HistoryQuery
	if err := onlyParams(params, "from_revision", "limit", "type", "actor", "from", "to"); err != nil {
		return q, err
	}
	if v := params.Get("from_revision"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return q, domain.Invalid("from_revision", audit.CodeInvalidParameter, "from_revision must be a stream revision (a non-negative integer)")
		}
		q.From = n
	}
	if v := params.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > audit.MaxPageSize {
			return q, domain.Invalid("limit", audit.CodeInvalidParameter, "limit must be from 1 to %d", audit.MaxPageSize)
		}
		q.Limit = n
	}
	f, err := audit.ParseFilter(params)
	q.Filter = f
	return q, err
}

// onlyParams rejects parameters other than allowed.
func onlyParams(params url.Values, allowed ...string) error {
	for name := range params {
		if !slices.Contains(allowed, name) {
			return domain.Invalid(name, query.CodeUnknownParameter, "unknown query parameter %q", name)
		}
	}
	return nil
}

// auditError maps the audit package's errors to problems: streams of other
// accounts are not found, exactly like missing ones.
func auditError(err error) error {
	switch {
	case errors.Is(err, audit.ErrNotFound):
		return domain.NotFound("not_found", "no such conversation or contact")
	case errors.Is(err, audit.ErrNotYet):
		return domain.NotFound("not_yet", "%s", err.Error())
	}
	return queryError(err)
}

// longContext replaces the request timeout with d for a long-running
// route, and still ends when the client goes away.
func longContext(c *gin.Context, d time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), d)
	gone := c.Writer.CloseNotify() //nolint:staticcheck // the request context carries the shorter request timeout
	go func() {
		select {
		case <-gone:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}
