package api

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"
)

// WebConfig configures ServeWeb.
type WebConfig struct {
	// Dir holds the built web inbox (web/dist: index.html and assets/).
	Dir string
	// Commands, if set, answers the API requests this engine has no route
	// for: with the role `all`, the command engine, so that the web app
	// reaches queries, the live stream and commands on one origin (no CORS,
	// and the session cookie and CSRF check work as they are).
	Commands http.Handler
	Logger   *slog.Logger // nil discards
}

// ServeWeb serves the web inbox at / on engine (the query server): files
// from cfg.Dir, index.html for every other page path (the app routes on the
// client), and hands unknown /api/ requests to cfg.Commands when set.
func ServeWeb(engine *gin.Engine, cfg WebConfig) error {
	if cfg.Dir == "" {
		return errors.New("api: WebConfig.Dir is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if _, err := os.Stat(filepath.Join(cfg.Dir, "index.html")); err != nil {
		cfg.Logger.Warn("the web inbox is not built; `make web` builds it", "dir", cfg.Dir)
	}
	w := &webApp{cfg: cfg}
	engine.NoRoute(w.serve(http.StatusNotFound))
	engine.NoMethod(w.serve(http.StatusMethodNotAllowed))
	return nil
}

type webApp struct{ cfg WebConfig }

func (w *webApp) serve(status int) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := c.Request.URL.Path
		isAPI := strings.HasPrefix(p, BasePath+"/") || p == BasePath
		switch {
		case isAPI && w.cfg.Commands != nil:
			// One request id across both engines' logs.
			c.Request.Header.Set("X-Request-ID", RequestID(c))
			c.Status(http.StatusOK) // the command engine sets its own status
			w.cfg.Commands.ServeHTTP(c.Writer, c.Request)
		case isAPI || (c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead):
			code := "route_not_found"
			if status == http.StatusMethodNotAllowed {
				code = "method_not_allowed"
			}
			writeProblem(c, newProblem(status, code, fmt.Sprintf("no route %s %s", c.Request.Method, p), nil))
		default:
			w.file(c, p)
		}
	}
}

// file answers a GET of the app: a built file if there is one, else
// index.html. Hashed assets are cached for good, index.html never.
func (w *webApp) file(c *gin.Context, urlPath string) {
	name := path.Clean("/" + urlPath)
	if name != "/" && !strings.HasSuffix(name, "/index.html") {
		full := filepath.Join(w.cfg.Dir, filepath.FromSlash(name))
		if st, err := os.Stat(full); err == nil && !st.IsDir() {
			if strings.HasPrefix(name, "/assets/") {
				c.Header("Cache-Control", "public, max-age=31536000, immutable")
			}
			c.Status(http.StatusOK)
			http.ServeFile(c.Writer, c.Request, full)
			return
		}
	}
	index := filepath.Join(w.cfg.Dir, "index.html")
	body, err := os.ReadFile(index)
	if err != nil {
		c.Header("Retry-After", "10")
		c.Data(http.StatusServiceUnavailable, "text/plain; charset=utf-8",
			[]byte("The Parley web inbox is not built yet: run `make web` (or `make run`) at the repository root.\n"))
		return
	}
	c.Header("Cache-Control", "no-cache")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Referrer-Policy", "same-origin")
	c.Header("Content-Security-Policy", "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'")
	c.Data(http.StatusOK, "text/html; charset=utf-8", body)
}
