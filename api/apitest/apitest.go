// Package apitest holds test helpers for packages that register routes on
// Parley's API engine.
package apitest

import (
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/api"
)

// CheckRoutesDocumented fails t if a route under /api/v1 registered on the
// engines is missing from api/openapi.yaml, or if the document describes an
// /api/v1 operation none of them serves. The command and query APIs share
// the document: pass every engine that serves it.
func CheckRoutesDocumented(t testing.TB, engines ...*gin.Engine) {
	t.Helper()
	undocumented, unserved, err := api.RouteDiff(api.OpenAPIDocument(), engines...)
	if err != nil {
		t.Fatal(err)
	}
	if len(undocumented) > 0 {
		t.Errorf("routes missing from api/openapi.yaml:\n  %s", strings.Join(undocumented, "\n  "))
	}
	if len(unserved) > 0 {
		t.Errorf("operations in api/openapi.yaml that no route serves:\n  %s", strings.Join(unserved, "\n  "))
	}
}
