package main

import (
	"fmt"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/audit"
	"github.com/parley-inbox/parley/internal/config"
)

// historyRoutes builds the auditors' routes over the configured event store:
// the export and the chain check need the PostgreSQL one.
func historyRoutes(d Deps) (*api.HistoryRoutes, error) {
	reader, err := audit.NewReader(d.Store)
	if err != nil {
		return nil, fmt.Errorf("audit reader: %w", err)
	}
	cfg := api.HistoryRoutesConfig{Reader: reader}
	if d.Config.EventStore == config.EventStorePostgres {
		if cfg.Exporter, err = audit.NewExporter(d.Pool, 0); err != nil {
			return nil, fmt.Errorf("audit exporter: %w", err)
		}
		if chains, ok := d.Store.(audit.ChainVerifier); ok {
			cfg.Chains, cfg.DB = chains, d.Pool
		}
	}
	return api.NewHistoryRoutes(cfg)
}
