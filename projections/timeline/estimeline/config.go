package estimeline

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"time"
)

// Config configures a Client.
type Config struct {
	// Addresses are the engine's base URLs; required.
	Addresses []string
	// Prefix starts every index and alias name; default "parley".
	Prefix string
	// Version is the index generation written and read; default 1.
	Version int
	// OpenSearchCompat makes the client accept OpenSearch, which does not
	// send the X-Elastic-Product header go-elasticsearch v8 insists on, by
	// adding that header to responses (env PARLEY_SEARCH_OPENSEARCH_COMPAT).
	// Off by default; the client's compatibility-mode header is never sent.
	OpenSearchCompat bool
	// RefreshOnWrite makes each bulk wait until its documents are
	// searchable (refresh=wait_for): for tests and read-your-writes demos.
	RefreshOnWrite bool
	// BulkWorkers is how many bulk requests a batch is split into, sent
	// concurrently; default 2.
	BulkWorkers int
	// Timeout bounds each request; default 10s.
	Timeout time.Duration
	// Transport is the HTTP transport; default a clone of
	// http.DefaultTransport keeping MaxIdleConnsPerHost idle connections,
	// without response compression.
	Transport http.RoundTripper
	Logger    *slog.Logger
}

// MaxIdleConnsPerHost is how many idle connections the default transport
// keeps to each search node for reuse.
const MaxIdleConnsPerHost = 64

var validPrefix = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,60}$`)

func (c *Config) setDefaults() {
	if c.Prefix == "" {
		c.Prefix = "parley"
	}
	if c.Version == 0 {
		c.Version = 1
	}
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	if c.BulkWorkers <= 0 {
		c.BulkWorkers = 2
	}
	if c.Transport == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		// Go keeps 2 idle connections per host by default: with more
		// concurrent searches than that, every request beyond the second
		// opened a new connection and closed it afterwards (latency, and
		// sockets piling up in TIME_WAIT under load).
		tr.MaxIdleConnsPerHost = MaxIdleConnsPerHost
		// Answers uncompressed: gzip cost both the engine and Parley more
		// CPU than the bytes cost on a local network (a 50-entry page is
		// ~25 KB).
		tr.DisableCompression = true
		c.Transport = tr
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Validate reports every problem of the configuration.
func (c Config) Validate() error {
	var errs []error
	if len(c.Addresses) == 0 {
		errs = append(errs, errors.New("estimeline: Config.Addresses is required"))
	}
	if !validPrefix.MatchString(c.Prefix) {
		errs = append(errs, fmt.Errorf("estimeline: prefix %q must match %s", c.Prefix, validPrefix))
	}
	if c.Version < 1 {
		errs = append(errs, fmt.Errorf("estimeline: version %d must be at least 1", c.Version))
	}
	return errors.Join(errs...)
}

// Index kinds.
const (
	kindEntries       = "timeline"
	kindSessions      = "sessions"
	kindConversations = "conversations"
	kindContacts      = "contacts"
)

var allKinds = []string{kindEntries, kindSessions, kindConversations, kindContacts}

// readAlias is the alias readers use; target is the index of this
// client's version, which it writes to (during a side-by-side rebuild the
// live indexer and the rebuilding one write to different versions).
func (c Config) readAlias(kind string) string { return c.Prefix + "-" + kind }
func (c Config) target(kind string) string    { return c.index(kind, c.Version) }
func (c Config) index(kind string, version int) string {
	return fmt.Sprintf("%s-%s-v%d", c.Prefix, kind, version)
}
