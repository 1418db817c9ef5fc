package api

import (
	_ "embed"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"gopkg.in/yaml.v3"
)

//go:embed openapi.yaml
var openAPI []byte

// OpenAPIDocument returns the OpenAPI 3.1 document of the API, kept in the
// repository as api/openapi.yaml.
func OpenAPIDocument() []byte { return slices.Clone(openAPI) }

func serveOpenAPI(c *gin.Context) {
	c.Data(http.StatusOK, "application/yaml", openAPI)
}

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// DocumentedRoutes lists the operations of an OpenAPI document as
// "METHOD /path/{param}", sorted.
func DocumentedRoutes(doc []byte) ([]string, error) {
	var d struct {
		Paths map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("api: parse OpenAPI document: %w", err)
	}
	var out []string
	for path, item := range d.Paths {
		for method := range item {
			if slices.Contains(httpMethods, method) {
				out = append(out, strings.ToUpper(method)+" "+path)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

var ginParam = regexp.MustCompile(`[:*]([A-Za-z0-9_]+)`)

// RegisteredRoutes lists the routes under BasePath of every engine as
// "METHOD /path/{param}" (gin's :param and *param in OpenAPI form), sorted
// and without duplicates.
func RegisteredRoutes(engines ...*gin.Engine) []string {
	var out []string
	for _, e := range engines {
		for _, r := range e.Routes() {
			if r.Path == BasePath || strings.HasPrefix(r.Path, BasePath+"/") {
				out = append(out, r.Method+" "+ginParam.ReplaceAllString(r.Path, "{$1}"))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// RouteDiff compares the /api/v1 routes the engines serve together (the
// command and query APIs share one document) with the document's:
// undocumented are served but not documented, unserved the reverse.
func RouteDiff(doc []byte, engines ...*gin.Engine) (undocumented, unserved []string, err error) {
	documented, err := DocumentedRoutes(doc)
	if err != nil {
		return nil, nil, err
	}
	registered := RegisteredRoutes(engines...)
	for _, r := range registered {
		if !slices.Contains(documented, r) {
			undocumented = append(undocumented, r)
		}
	}
	for _, d := range documented {
		if strings.Contains(d, " "+BasePath+"/") && !slices.Contains(registered, d) {
			unserved = append(unserved, d)
		}
	}
	return undocumented, unserved, nil
}
