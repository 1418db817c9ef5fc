package estimeline

import "net/http"

// productHeader is the response header go-elasticsearch v8 checks before it
// trusts a server.
const productHeader = "X-Elastic-Product"

// openSearchShim adds the product header to responses that lack it, so the
// client talks to OpenSearch, which serves the same REST API for everything
// this package uses. It changes nothing else: requests go out untouched.
type openSearchShim struct {
	next http.RoundTripper
}

func (s openSearchShim) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := s.next.RoundTrip(req)
	if err == nil && resp.Header.Get(productHeader) == "" {
		resp.Header.Set(productHeader, "Elasticsearch")
	}
	return resp, err
}
