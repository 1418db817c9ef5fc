package api

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// ReadinessCheck is one dependency /readyz checks, e.g. a PostgreSQL ping.
type ReadinessCheck struct {
	Name  string
	Check func(ctx context.Context) error
}

// healthz says the process is alive; it checks nothing else.
func healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz runs every check with a short deadline: 200 when all pass, else a
// 503 problem naming the failing ones (their errors are logged, not sent).
func readyz(checks []ReadinessCheck) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
		defer cancel()
		var failed []FieldError
		for _, chk := range checks {
			if err := chk.Check(ctx); err != nil {
				loggerOf(c).WarnContext(ctx, "readiness check failed", "check", chk.Name, "error", err.Error())
				failed = append(failed, FieldError{Field: chk.Name, Message: "not ready"})
			}
		}
		if len(failed) > 0 {
			p := unavailable(fmt.Sprintf("%d of %d dependencies are not ready", len(failed), len(checks)))
			p.Code, p.Type, p.Errors = "not_ready", problemType("not_ready"), failed
			writeProblem(c, p)
			return
		}
		c.JSON(http.StatusOK, gin.H{"status": "ready"})
	}
}
