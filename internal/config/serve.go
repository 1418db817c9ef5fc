package config

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"
)

// Roles a `parley serve` process can play.
const (
	RoleAll       = "all"       // everything in one process (the embedded run)
	RoleCommand   = "command"   // the command API
	RoleQuery     = "query"     // the query API
	RoleProjector = "projector" // projectors and process managers
)

// Event store adapters.
const (
	EventStorePostgres = "postgres"
	EventStoreESDB     = "esdb"
)

// Serve configures `parley serve`.
type Serve struct {
	Log        Log
	DB         Database
	EventStore string // postgres or esdb
	ESDBURL    string
	// ElasticsearchURL is where the timeline and metrics indexes live;
	// empty keeps them in PostgreSQL.
	ElasticsearchURL string
	// SearchOpenSearchCompat lets the Elasticsearch client talk to OpenSearch
	// (a response-header shim; see projections/timeline/estimeline). Off by default.
	SearchOpenSearchCompat bool
	Role                   string
	// CommandAddr and QueryAddr are where the APIs listen; OpsAddr serves
	// /healthz, /readyz and /metrics for a projector-only process.
	CommandAddr, QueryAddr, OpsAddr string
	// APIKeys is "key=account:actorKind:actorID,..." (see ParseAPIKeys).
	APIKeys         string
	ShutdownTimeout time.Duration
}

func (c *Serve) setDefaults() {
	c.Log.setDefaults()
	c.DB.setDefaults()
	if c.EventStore == "" {
		c.EventStore = EventStorePostgres
	}
	if c.Role == "" {
		c.Role = RoleAll
	}
	if c.CommandAddr == "" {
		c.CommandAddr = "127.0.0.1:8080"
	}
	if c.QueryAddr == "" {
		c.QueryAddr = "127.0.0.1:8081"
	}
	if c.OpsAddr == "" {
		c.OpsAddr = "127.0.0.1:8082"
	}
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = 15 * time.Second
	}
}

// FlagSet sets c's defaults and returns the `serve` flags bound to c.
func (c *Serve) FlagSet() *flag.FlagSet {
	c.setDefaults()
	fs := newFlagSet("serve", "usage: parley serve [flags]\n\nRuns Parley: the command API, the query API and the projectors (see --role).")
	c.Log.bind(fs)
	c.DB.bind(fs)
	fs.StringVar(&c.EventStore, "eventstore", c.EventStore, "event store: postgres or esdb")
	fs.StringVar(&c.ESDBURL, "esdb-url", c.ESDBURL, "EventStoreDB connection string (with --eventstore=esdb)")
	fs.StringVar(&c.ElasticsearchURL, "elasticsearch-url", c.ElasticsearchURL, "Elasticsearch URL for the timeline and metrics indexes; empty keeps them in PostgreSQL")
	fs.BoolVar(&c.SearchOpenSearchCompat, "search-opensearch-compat", c.SearchOpenSearchCompat, "the --elasticsearch-url engine is OpenSearch: accept its responses (off by default)")
	fs.StringVar(&c.Role, "role", c.Role, "what this process runs: all, command, query or projector")
	fs.StringVar(&c.CommandAddr, "command-addr", c.CommandAddr, "listen address of the command API")
	fs.StringVar(&c.QueryAddr, "query-addr", c.QueryAddr, "listen address of the query API")
	fs.StringVar(&c.OpsAddr, "ops-addr", c.OpsAddr, "listen address of /healthz, /readyz and /metrics with --role=projector")
	fs.StringVar(&c.APIKeys, "api-keys", c.APIKeys, "API keys, key=account:actorKind:actorID,...; the embedded run generates one if empty")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "how long to drain requests on SIGINT/SIGTERM")
	return fs
}

// Serves reports whether the process runs the given role.
func (c Serve) Serves(role string) bool { return c.Role == RoleAll || c.Role == role }

// Validate reports every problem with the configuration at once.
func (c Serve) Validate() error {
	errs := []error{c.Log.Validate(), c.DB.Validate()}
	switch c.Role {
	case RoleAll, RoleCommand, RoleQuery, RoleProjector:
	default:
		errs = append(errs, fmt.Errorf("--role %q: want all, command, query or projector", c.Role))
	}
	switch {
	case c.EventStore == EventStoreESDB && c.ESDBURL == "":
		errs = append(errs, errors.New("--eventstore=esdb needs --esdb-url"))
	case c.EventStore == EventStorePostgres && c.ESDBURL != "":
		errs = append(errs, errors.New("--esdb-url is set but --eventstore is postgres"))
	case c.EventStore != EventStorePostgres && c.EventStore != EventStoreESDB:
		errs = append(errs, fmt.Errorf("--eventstore %q: want postgres or esdb", c.EventStore))
	}
	if c.ElasticsearchURL != "" && !strings.HasPrefix(c.ElasticsearchURL, "http://") && !strings.HasPrefix(c.ElasticsearchURL, "https://") {
		errs = append(errs, fmt.Errorf("--elasticsearch-url %q: want an http:// or https:// URL", c.ElasticsearchURL))
	}
	if c.Serves(RoleCommand) {
		errs = append(errs, validAddr("command-addr", c.CommandAddr))
	}
	if c.Serves(RoleQuery) {
		errs = append(errs, validAddr("query-addr", c.QueryAddr))
	}
	if c.Role == RoleProjector {
		errs = append(errs, validAddr("ops-addr", c.OpsAddr))
	}
	if c.Role == RoleAll && c.CommandAddr == c.QueryAddr && !strings.HasSuffix(c.CommandAddr, ":0") {
		errs = append(errs, errors.New("--command-addr and --query-addr must differ"))
	}
	if _, err := ParseAPIKeys(c.APIKeys); err != nil {
		errs = append(errs, err)
	}
	if c.APIKeys == "" && !c.DB.Embedded() && (c.Serves(RoleCommand) || c.Serves(RoleQuery)) {
		errs = append(errs, errors.New("--api-keys is required with an external PostgreSQL (only the embedded run generates a key)"))
	}
	if c.ShutdownTimeout <= 0 {
		errs = append(errs, fmt.Errorf("--shutdown-timeout %s must be positive", c.ShutdownTimeout))
	}
	return errors.Join(errs...)
}
