package api

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/channels"
)

// Webhooks is the channel intake behind the provider webhook routes;
// *inbound.Service is one.
type Webhooks interface {
	Challenge(ctx context.Context, inboxID string, q url.Values) (string, error)
	Deliver(ctx context.Context, inboxID string, req channels.WebhookRequest) error
}

// MaxWebhookBytes caps a webhook body.
const MaxWebhookBytes = 4 << 20

// RegisterWebhookRoutes mounts the providers' webhook endpoints, which
// authenticate by signature, not by credential:
//
//	GET  /webhooks/:inbox_id   Meta's hub.challenge handshake
//	POST /webhooks/:inbox_id   deliveries (JSON or form-encoded, raw body kept)
func RegisterWebhookRoutes(r gin.IRouter, w Webhooks) {
	r.GET("/webhooks/:inbox_id", func(c *gin.Context) {
		answer, err := w.Challenge(c.Request.Context(), c.Param("inbox_id"), c.Request.URL.Query())
		if err != nil {
			WriteError(c, err)
			return
		}
		c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(answer))
	})
	r.POST("/webhooks/:inbox_id", func(c *gin.Context) {
		body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, MaxWebhookBytes))
		if err != nil {
			WriteError(c, &RequestError{Status: http.StatusRequestEntityTooLarge, Code: "body_too_large", Message: "the webhook body is too large or unreadable"})
			return
		}
		req := channels.WebhookRequest{Method: c.Request.Method, URL: requestURL(c), Header: c.Request.Header, Body: body}
		if err := w.Deliver(c.Request.Context(), c.Param("inbox_id"), req); err != nil {
			WriteError(c, err)
			return
		}
		c.Status(http.StatusOK)
	})
}

// requestURL is the URL the provider called, as far as this server can
// tell (Twilio signs it): scheme and host as the request carried them.
func requestURL(c *gin.Context) *url.URL {
	u := *c.Request.URL
	u.Host = c.Request.Host
	u.Scheme = "http"
	if c.Request.TLS != nil || c.GetHeader("X-Forwarded-Proto") == "https" {
		u.Scheme = "https"
	}
	return &u
}

// MediaBlobs opens inbound media by signed URL; *system.Media is one.
type MediaBlobs interface {
	Open(ctx context.Context, key, exp, sig string) (io.ReadSeekCloser, string, error)
}

// RegisterMediaRoute serves GET /media/:key?exp=&sig=, the short-lived
// signed URLs agents' browsers load inbound media from.
func RegisterMediaRoute(r gin.IRouter, m MediaBlobs) {
	r.GET("/media/:key", func(c *gin.Context) {
		if c.Query("exp") == "" || c.Query("sig") == "" { // no credential at all, as opposed to a bad one (403)
			WriteError(c, fmt.Errorf("%w: media is served by signed URL only (exp and sig)", ErrUnauthenticated))
			return
		}
		f, mime, err := m.Open(c.Request.Context(), c.Param("key"), c.Query("exp"), c.Query("sig"))
		if err != nil {
			WriteError(c, err)
			return
		}
		defer f.Close()
		c.Header("Content-Type", mime)
		c.Header("Cache-Control", "private, max-age=300")
		c.Header("X-Content-Type-Options", "nosniff")
		c.Header("Content-Disposition", "inline")
		// The web app's origin serves these too: nothing in them may run (an SVG's script).
		c.Header("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'")
		http.ServeContent(c.Writer, c.Request, "", time.Time{}, f)
	})
}
