package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestEveryServedRouteNeedsACredential sends a request without a credential
// to every /api/v1 route `parley serve` serves (whoever registered it):
// each must answer 401, except logging in and out and the OpenAPI document.
func TestEveryServedRouteNeedsACredential(t *testing.T) {
	public := map[string]bool{"/api/v1/auth/login": true, "/api/v1/auth/logout": true, "/api/v1/openapi.yaml": true}
	checked := 0
	for _, e := range servedEngines(t) {
		for _, r := range e.Routes() {
			if !strings.HasPrefix(r.Path, "/api/v1/") || public[r.Path] {
				continue
			}
			path := r.Path
			for _, seg := range strings.Split(r.Path, "/") {
				if strings.HasPrefix(seg, ":") || strings.HasPrefix(seg, "*") {
					path = strings.Replace(path, seg, "x1", 1)
				}
			}
			req := httptest.NewRequest(r.Method, path, strings.NewReader("{}"))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("%s %s without a credential: %d, want 401", r.Method, r.Path, rec.Code)
			}
			checked++
		}
	}
	if checked < 40 {
		t.Fatalf("only %d routes checked", checked)
	}
}
