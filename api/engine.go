package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// Options configure NewEngine.
type Options struct {
	// Name labels this server in metrics and logs ("command", "query").
	Name    string
	Logger  *slog.Logger // nil discards
	Metrics *Metrics     // optional; serves /metrics when set
	// Ready are the checks /readyz runs (e.g. a PostgreSQL ping).
	Ready []ReadinessCheck
	// RequestTimeout bounds each request's context; 0 means 10 s.
	RequestTimeout time.Duration
	// TrustedProxies may set the client address through X-Forwarded-For;
	// none by default, so that logs show the real peer.
	TrustedProxies []string
}

const (
	loggerKey = "parley.logger"
	opKey     = "parley.op"
)

// NewEngine returns a Gin engine with Parley's middleware (panic recovery,
// request ids, access logs, metrics, a per-request deadline), problem+json
// answers for unknown routes and methods, and /healthz, /readyz and
// /metrics. API routes are added by NewCommandAPI and the query API.
func NewEngine(opts Options) *gin.Engine {
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = 10 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	e := gin.New()
	if err := e.SetTrustedProxies(opts.TrustedProxies); err != nil {
		opts.Logger.Error("ignoring invalid trusted proxies", "error", err.Error())
		_ = e.SetTrustedProxies(nil) // nil always parses
	}
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	e.Use(requestID(), withLogger(opts.Logger), accessLog(opts))
	if opts.Metrics != nil {
		e.Use(opts.Metrics.middleware(opts.Name))
		e.GET("/metrics", gin.WrapH(opts.Metrics.Handler()))
	}
	// Inside the log and metrics, so that a panic is logged and counted as the 500 it becomes.
	e.Use(recoverPanic(), withTimeout(opts.RequestTimeout))
	e.NoRoute(func(c *gin.Context) {
		writeProblem(c, newProblem(http.StatusNotFound, "route_not_found", fmt.Sprintf("no route %s %s", c.Request.Method, c.Request.URL.Path), nil))
	})
	e.NoMethod(func(c *gin.Context) {
		writeProblem(c, newProblem(http.StatusMethodNotAllowed, "method_not_allowed", fmt.Sprintf("%s is not allowed on %s", c.Request.Method, c.Request.URL.Path), nil))
	})
	e.GET("/healthz", healthz)
	e.GET("/readyz", readyz(opts.Ready))
	return e
}

func withLogger(l *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) { c.Set(loggerKey, l); c.Next() }
}

func loggerOf(c *gin.Context) *slog.Logger {
	if l, ok := c.Get(loggerKey); ok {
		return l.(*slog.Logger)
	}
	return slog.New(slog.DiscardHandler)
}

// StreamPath is the live stream's route; long-lived, it is exempt from the
// request timeout (it ends on disconnect or shutdown instead).
const StreamPath = BasePath + "/stream"

func withTimeout(d time.Duration) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.URL.Path == StreamPath {
			c.Next()
			return
		}
		ctx, cancel := context.WithTimeout(c.Request.Context(), d)
		defer cancel()
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

func recoverPanic() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				WriteError(c, fmt.Errorf("panic: %v", r))
				c.Abort()
			}
		}()
		c.Next()
	}
}

func whoami(c *gin.Context) {
	p, _ := PrincipalFrom(c)
	c.JSON(http.StatusOK, gin.H{"account_id": p.AccountID, "actor": p.Actor, "session": p.Session})
}
