package api

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

func webEngine(t *testing.T, dir string, commands http.Handler) *httptest.Server {
	t.Helper()
	e := NewEngine(Options{Name: "query"})
	e.GET(BasePath+"/conversations", func(c *gin.Context) { c.String(http.StatusOK, "list") })
	if err := ServeWeb(e, WebConfig{Dir: dir, Commands: commands}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv
}

func fetch(t *testing.T, srv *httptest.Server, method, path string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

func TestServeWeb(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "assets"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "index.html"), []byte("<html>inbox</html>"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "assets", "app-123.js"), []byte("js"), 0o644))
	commands := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, "command "+r.Method+" "+r.URL.Path)
	})
	srv := webEngine(t, dir, commands)
	for _, tc := range []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/", 200, "<html>inbox</html>"},
		{"GET", "/c/some-conversation", 200, "<html>inbox</html>"},
		{"GET", "/assets/app-123.js", 200, "js"},
		{"GET", "/../../etc/passwd", 200, "<html>inbox</html>"},
		{"GET", "/api/v1/conversations", 200, "list"},
		{"POST", "/api/v1/conversations", 202, "command POST /api/v1/conversations"},
		{"POST", "/api/v1/conversations/c1/close", 202, "command POST /api/v1/conversations/c1/close"},
		{"GET", "/api/v1/whoami", 202, "command GET /api/v1/whoami"},
		{"DELETE", "/not-api", 404, "route_not_found"},
	} {
		status, _, body := fetch(t, srv, tc.method, tc.path)
		if status != tc.status || !strings.Contains(body, tc.body) {
			t.Errorf("%s %s: %d %q, want %d %q", tc.method, tc.path, status, body, tc.status, tc.body)
		}
	}
	if _, h, _ := fetch(t, srv, "GET", "/assets/app-123.js"); !strings.Contains(h.Get("Cache-Control"), "immutable") {
		t.Errorf("hashed asset Cache-Control %q, want immutable", h.Get("Cache-Control"))
	}
	if _, h, _ := fetch(t, srv, "GET", "/"); h.Get("Cache-Control") != "no-cache" {
		t.Errorf("index.html Cache-Control %q, want no-cache", h.Get("Cache-Control"))
	}
}

func TestServeWebWithoutCommandsOrBuild(t *testing.T) {
	srv := webEngine(t, t.TempDir(), nil) // query role alone, app not built
	if status, _, body := fetch(t, srv, "POST", "/api/v1/conversations"); status != http.StatusMethodNotAllowed || !strings.Contains(body, "method_not_allowed") {
		t.Errorf("POST on the query role: %d %s, want 405 problem", status, body)
	}
	if status, _, body := fetch(t, srv, "GET", "/api/v1/nothing"); status != http.StatusNotFound || !strings.Contains(body, "route_not_found") {
		t.Errorf("unknown API route: %d %s, want 404 problem", status, body)
	}
	if status, _, body := fetch(t, srv, "GET", "/"); status != http.StatusServiceUnavailable || !strings.Contains(body, "make web") {
		t.Errorf("unbuilt app: %d %s, want 503 saying how to build it", status, body)
	}
}
