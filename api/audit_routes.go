package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/audit"
)

// notAvailable answers routes the configured event store cannot serve.
func notAvailable(what string) error {
	return &RequestError{Status: http.StatusNotImplemented, Code: "not_implemented",
		Message: what + " needs the PostgreSQL event store"}
}

// export streams GET /audit/events as NDJSON, one audit.Record per line,
// flushing after every page; the trailers say how many events were written
// and whether the export completed.
func (h *HistoryRoutes) export(c *gin.Context, p Principal) {
	if h.cfg.Exporter == nil {
		WriteError(c, notAvailable("the export"))
		return
	}
	params := c.Request.URL.Query()
	if err := onlyParams(params, "from", "to", "type", "actor"); err != nil {
		WriteError(c, queryError(err))
		return
	}
	f, err := audit.ParseFilter(params)
	if err != nil {
		WriteError(c, queryError(err))
		return
	}
	ctx, cancel := longContext(c, h.cfg.ExportTimeout)
	defer cancel()
	rc := http.NewResponseController(c.Writer)
	c.Header("Content-Type", "application/x-ndjson")
	c.Header("Trailer", "Parley-Export-Events, Parley-Export-Complete")
	flush := func() error {
		_ = rc.SetWriteDeadline(time.Now().Add(time.Minute)) // the server's WriteTimeout is for short answers
		c.Writer.Flush()
		return nil
	}
	st, err := h.cfg.Exporter.Export(ctx, c.Writer, flush, p.AccountID, f, h.cfg.Viewer(p).SeePII)
	if err != nil && !c.Writer.Written() {
		c.Writer.Header().Del("Trailer")
		WriteError(c, err)
		return
	}
	if err != nil {
		loggerOf(c).ErrorContext(ctx, "audit export interrupted", "request_id", RequestID(c), "events", st.Events, "error", err.Error())
	}
	c.Writer.WriteHeaderNow()
	c.Writer.Header().Set("Parley-Export-Events", strconv.Itoa(st.Events))
	c.Writer.Header().Set("Parley-Export-Complete", strconv.FormatBool(err == nil))
}

// verify answers GET /audit/verify: the hash chains of the caller's account.
func (h *HistoryRoutes) verify(c *gin.Context, p Principal) {
	if err := onlyParams(c.Request.URL.Query()); err != nil {
		WriteError(c, queryError(err))
		return
	}
	if h.cfg.Chains == nil || h.cfg.DB == nil {
		WriteError(c, notAvailable("the chain check"))
		return
	}
	ctx, cancel := longContext(c, h.cfg.VerifyTimeout)
	defer cancel()
	res, err := audit.Verify(ctx, h.cfg.DB, h.cfg.Chains, p.AccountID, nil)
	if err != nil {
		WriteError(c, fmt.Errorf("verify chain: %w", err))
		return
	}
	c.JSON(http.StatusOK, res)
}
