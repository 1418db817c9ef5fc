package api_test

import (
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"gopkg.in/yaml.v3"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/api/apitest"
)

func engine(t *testing.T) (*gin.Engine, *api.CommandAPI) {
	keys, err := api.NewAPIKeys(nil)
	if err != nil {
		t.Fatal(err)
	}
	e := api.NewEngine(api.Options{Name: "command", Logger: slog.New(slog.DiscardHandler)})
	cmds, err := api.NewCommandAPI(e, api.CommandConfig{Auth: keys, Idempotency: api.NewIdempotency(nil, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	return e, cmds
}

// TestCommandEngineRoutesAreDocumented checks the framework's own routes;
// cmd/parley checks, both ways, every engine `parley serve` builds.
func TestCommandEngineRoutesAreDocumented(t *testing.T) {
	e, _ := engine(t)
	undocumented, _, err := api.RouteDiff(api.OpenAPIDocument(), e)
	if err != nil || len(undocumented) > 0 {
		t.Fatalf("undocumented %v, %v", undocumented, err)
	}
}

func TestCheckRoutesDocumentedTakesEveryEngine(t *testing.T) {
	e, _ := engine(t)
	other := gin.New()
	for _, r := range mustDocumented(t) {
		method, path, _ := strings.Cut(r, " ")
		if strings.HasPrefix(path, api.BasePath+"/") && !slices.Contains(api.RegisteredRoutes(e), r) {
			other.Handle(method, strings.NewReplacer("{", ":", "}", "").Replace(path), func(*gin.Context) {})
		}
	}
	apitest.CheckRoutesDocumented(t, e, other)
}

func mustDocumented(t *testing.T) []string {
	t.Helper()
	routes, err := api.DocumentedRoutes(api.OpenAPIDocument())
	if err != nil {
		t.Fatal(err)
	}
	return routes
}

func TestRouteDiffFindsGaps(t *testing.T) {
	e, cmds := engine(t)
	cmds.Handle(http.MethodPost, "/test-only/:id/frobnicate", "test.frobnicate", nil)
	undocumented, _, err := api.RouteDiff(api.OpenAPIDocument(), e)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(undocumented, "POST /api/v1/test-only/{id}/frobnicate") {
		t.Fatalf("undocumented %v", undocumented)
	}
	doc := []byte(strings.Replace(string(api.OpenAPIDocument()), "\ncomponents:", "\n  /api/v1/ghosts/{id}:\n    delete:\n      responses: {\"204\": {description: gone}}\ncomponents:", 1))
	_, unserved, err := api.RouteDiff(doc, e)
	if err != nil || !slices.Contains(unserved, "DELETE /api/v1/ghosts/{id}") {
		t.Fatalf("unserved %v, %v", unserved, err)
	}
}

// TestOpenAPIReferencesResolve checks that every $ref points at a component
// the document defines.
func TestOpenAPIReferencesResolve(t *testing.T) {
	var doc map[string]any
	if err := yaml.Unmarshal(api.OpenAPIDocument(), &doc); err != nil {
		t.Fatal(err)
	}
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1.") {
		t.Fatalf("openapi version %q", v)
	}
	refs := regexp.MustCompile(`\$ref: "#/([^"]+)"`).FindAllStringSubmatch(string(api.OpenAPIDocument()), -1)
	if len(refs) == 0 {
		t.Fatal("no $ref found")
	}
	for _, m := range refs {
		var node any = doc
		for _, part := range strings.Split(m[1], "/") {
			obj, ok := node.(map[string]any)
			if !ok || obj[part] == nil {
				t.Errorf("$ref #/%s does not resolve", m[1])
				break
			}
			node = obj[part]
		}
	}
}
