package estimeline_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// serverWithoutProductHeader answers like an OpenSearch node: JSON, no
// X-Elastic-Product header.
func serverWithoutProductHeader(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"cluster_name":"x","status":"green"}`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
