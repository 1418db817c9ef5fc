package estimeline

import (
	"fmt"
	"strconv"
	"strings"
)

// The environment variables ConfigFromEnv reads.
const (
	EnvURL              = "PARLEY_SEARCH_URL"               // comma-separated base URLs; unset: no search engine
	EnvOpenSearchCompat = "PARLEY_SEARCH_OPENSEARCH_COMPAT" // "true" against OpenSearch
	EnvPrefix           = "PARLEY_SEARCH_INDEX_PREFIX"      // default "parley"
)

// ConfigFromEnv reads the engine's configuration through getenv (os.Getenv
// in main). ok is false when no engine is configured: the embedded run then
// keeps the timeline in PostgreSQL.
func ConfigFromEnv(getenv func(string) string) (cfg Config, ok bool, err error) {
	urls := strings.TrimSpace(getenv(EnvURL))
	if urls == "" {
		return Config{}, false, nil
	}
	for _, u := range strings.Split(urls, ",") {
		if u = strings.TrimSpace(u); u != "" {
			cfg.Addresses = append(cfg.Addresses, u)
		}
	}
	if v := getenv(EnvOpenSearchCompat); v != "" {
		if cfg.OpenSearchCompat, err = strconv.ParseBool(v); err != nil {
			return Config{}, false, fmt.Errorf("estimeline: %s=%q: %w", EnvOpenSearchCompat, v, err)
		}
	}
	cfg.Prefix = getenv(EnvPrefix)
	cfg.setDefaults()
	return cfg, true, cfg.Validate()
}
