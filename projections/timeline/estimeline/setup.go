package estimeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/parley-inbox/parley/projections/timeline"
)

// Setup installs the index templates and, for each kind, creates the
// index of Config.Version with its write alias, and the read alias if
// there is none yet (a side-by-side rebuild leaves readers on the old
// index until SwapRead). It is idempotent.
func (c *Client) Setup(ctx context.Context) error {
	for _, kind := range allKinds {
		tmpl := m{
			"index_patterns": []string{c.cfg.Prefix + "-" + kind + "-v*"},
			"priority":       100,
			"template":       m{"settings": settings(), "mappings": mappings(kind)},
		}
		b, err := body(tmpl)
		if err != nil {
			return err
		}
		name := c.cfg.Prefix + "-" + kind
		if err := c.do(ctx, "put template "+name, esapi.IndicesPutIndexTemplateRequest{Name: name, Body: b}, nil); err != nil {
			return err
		}
		if err := c.createIndex(ctx, kind); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) createIndex(ctx context.Context, kind string) error {
	index := c.cfg.index(kind, c.cfg.Version)
	aliases := m{}
	readExists := c.do(ctx, "alias", esapi.IndicesExistsAliasRequest{Name: []string{c.cfg.readAlias(kind)}}, nil)
	if statusOf(readExists) == http.StatusNotFound {
		aliases[c.cfg.readAlias(kind)] = m{}
	} else if readExists != nil {
		return readExists
	}
	b, err := body(m{"aliases": aliases})
	if err != nil {
		return err
	}
	err = c.do(ctx, "create index "+index, esapi.IndicesCreateRequest{Index: index, Body: b}, nil)
	if statusOf(err) == http.StatusBadRequest && isAlreadyExists(err) {
		return nil
	}
	return err
}

func isAlreadyExists(err error) bool {
	var e *errStatus
	return errors.As(err, &e) && strings.Contains(e.body, "resource_already_exists_exception")
}

// SwapRead points every read alias at the indexes of Config.Version, after
// a side-by-side rebuild has caught up, in one atomic alias update.
func (c *Client) SwapRead(ctx context.Context) error {
	var actions []m
	for _, kind := range allKinds {
		actions = append(actions,
			m{"remove": m{"index": c.cfg.Prefix + "-" + kind + "-v*", "alias": c.cfg.readAlias(kind)}},
			m{"add": m{"index": c.cfg.index(kind, c.cfg.Version), "alias": c.cfg.readAlias(kind)}})
	}
	b, err := body(m{"actions": actions})
	if err != nil {
		return err
	}
	if err := c.do(ctx, "swap read aliases", esapi.IndicesUpdateAliasesRequest{Body: b}, nil); err != nil {
		return fmt.Errorf("estimeline: swap to v%d: %w", c.cfg.Version, err)
	}
	return nil
}

// DeleteAll removes every index of the prefix (tests).
func (c *Client) DeleteAll(ctx context.Context) error {
	return c.do(ctx, "delete indexes", esapi.IndicesDeleteRequest{Index: []string{c.cfg.Prefix + "-*"}}, nil)
}

// SetRefreshInterval sets how often the write indexes make new documents
// searchable: "-1" while a side-by-side rebuild fills indexes nobody reads
// yet (much faster bulk indexing), then LiveRefreshInterval again before
// SwapRead.
func (c *Client) SetRefreshInterval(ctx context.Context, interval string) error {
	b, err := body(m{"index": m{"refresh_interval": interval}})
	if err != nil {
		return err
	}
	var idx []string
	for _, k := range allKinds {
		idx = append(idx, c.cfg.target(k))
	}
	return c.do(ctx, "set refresh interval", esapi.IndicesPutSettingsRequest{Index: idx, Body: b}, nil)
}

// SetupWhenReachable runs Setup, retrying with backoff (up to a minute
// apart) while the engine is unavailable, so a process can start before
// its search engine; it returns Setup's first other error, or nil when ctx
// ends.
func (c *Client) SetupWhenReachable(ctx context.Context) error {
	wait := time.Second
	for {
		err := c.Setup(ctx)
		if err == nil || !errors.Is(err, timeline.ErrUnavailable) {
			return err
		}
		c.cfg.Logger.Warn("estimeline: search engine unreachable; retrying setup", slog.Duration("retry_in", wait), slog.Any("error", err))
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Minute)
	}
}
