package estimeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/parley-inbox/parley/projections/timeline"
)

// Client is the Elasticsearch adapter: a timeline.Reader, and through
// DocStore the projector's timeline.DocStore.
type Client struct {
	cfg Config
	es  *elasticsearch.Client
}

// New returns a client; it does not contact the engine (Setup does).
func New(cfg Config) (*Client, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	transport := cfg.Transport
	if cfg.OpenSearchCompat {
		transport = openSearchShim{next: transport}
	}
	es, err := elasticsearch.NewClient(elasticsearch.Config{
		Addresses:    cfg.Addresses,
		Transport:    transport,
		DisableRetry: true, // the indexer retries whole batches from its checkpoint
	})
	if err != nil {
		return nil, fmt.Errorf("estimeline: client: %w", err)
	}
	return &Client{cfg: cfg, es: es}, nil
}

// errStatus is a non-2xx answer.
type errStatus struct {
	status int
	body   string
}

func (e *errStatus) Error() string { return fmt.Sprintf("HTTP %d: %s", e.status, e.body) }

// do performs req with the configured timeout and decodes a 2xx JSON
// answer into out (if not nil). Unreachable engines, 429 and 5xx answers
// wrap timeline.ErrUnavailable.
func (c *Client) do(ctx context.Context, op string, req esapi.Request, out any) error {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	res, err := req.Do(ctx, c.es)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("estimeline: %s: %w", op, err)
		}
		return fmt.Errorf("estimeline: %s: %w: %w", op, timeline.ErrUnavailable, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return fmt.Errorf("estimeline: %s: read answer: %w: %w", op, timeline.ErrUnavailable, err)
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		e := &errStatus{status: res.StatusCode, body: excerpt(body)}
		if res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500 {
			return fmt.Errorf("estimeline: %s: %w: %w", op, timeline.ErrUnavailable, e)
		}
		return fmt.Errorf("estimeline: %s: %w", op, e)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("estimeline: %s: decode answer: %w", op, err)
	}
	return nil
}

func statusOf(err error) int {
	var e *errStatus
	if errors.As(err, &e) {
		return e.status
	}
	return 0
}

func excerpt(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 500 {
		s = s[:500] + "…"
	}
	return s
}

// body is v as a JSON request body.
func body(v any) (io.Reader, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("estimeline: encode request: %w", err)
	}
	return bytes.NewReader(b), nil
}

// Refresh makes every write so far searchable (tests, verification).
func (c *Client) Refresh(ctx context.Context) error {
	var idx []string
	for _, k := range allKinds {
		idx = append(idx, c.cfg.target(k))
	}
	return c.do(ctx, "refresh", esapi.IndicesRefreshRequest{Index: idx}, nil)
}

// Ping reports whether the engine answers.
func (c *Client) Ping(ctx context.Context) error {
	return c.do(ctx, "ping", esapi.ClusterHealthRequest{}, nil)
}
