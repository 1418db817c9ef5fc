package api

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

const requestIDKey = "parley.request_id"

// RequestID is the request's id: the client's X-Request-ID when it is sane,
// a new random one otherwise. It is echoed in the response header, in access
// logs and in problem documents.
func RequestID(c *gin.Context) string { return c.GetString(requestIDKey) }

func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-ID")
		if !saneRequestID(id) {
			var b [16]byte
			_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
			id = hex.EncodeToString(b[:])
		}
		c.Set(requestIDKey, id)
		c.Header("X-Request-ID", id)
		c.Next()
	}
}

func saneRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < 0x21 || id[i] > 0x7e {
			return false
		}
	}
	return true
}

// accessLog writes one structured line per request; probes and scrapes are
// logged at debug level only.
func accessLog(opts Options) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		status := c.Writer.Status()
		level := slog.LevelInfo
		switch {
		case status >= http.StatusInternalServerError:
			level = slog.LevelError
		case c.FullPath() == "/healthz" || c.FullPath() == "/readyz" || c.FullPath() == "/metrics":
			level = slog.LevelDebug
		}
		ctx := c.Request.Context()
		if !opts.Logger.Enabled(ctx, level) {
			return
		}
		attrs := []slog.Attr{
			slog.String("server", opts.Name),
			slog.String("method", c.Request.Method),
			slog.String("path", c.Request.URL.Path),
			slog.String("route", c.FullPath()),
			slog.Int("status", status),
			slog.Int("bytes", max(c.Writer.Size(), 0)),
			slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
			slog.String("request_id", RequestID(c)),
			slog.String("client_ip", c.ClientIP()),
		}
		if op := c.GetString(opKey); op != "" {
			attrs = append(attrs, slog.String("op", op))
		}
		if p, ok := PrincipalFrom(c); ok {
			attrs = append(attrs, slog.String("account_id", p.AccountID), slog.String("actor", p.Actor.String()))
		}
		opts.Logger.LogAttrs(ctx, level, "http request", attrs...)
	}
}
