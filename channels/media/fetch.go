package media

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/domain/conversation"
)

// Source is implemented by adapters whose inbound media Parley downloads:
// it returns the request that downloads m (after any lookup the provider
// needs) and the hosts that request and its redirects may go to.
type Source interface {
	MediaRequest(ctx context.Context, in channels.Inbox, m conversation.Media) (*http.Request, []string, error)
}

// BaseHost is the allowlist entry of an inbox's configured API base URL
// (scheme and host, so a local fake over http is allowed exactly).
func BaseHost(apiBaseURL string) string {
	u, err := url.Parse(apiBaseURL)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// Fetcher downloads media from allowed hosts into the blob store.
type Fetcher struct {
	blobs  Store
	limits Limits
	client *http.Client
}

// NewFetcher returns a fetcher with a 30 s timeout; limits (those of blobs)
// let it refuse an announced oversize body before reading it.
func NewFetcher(blobs Store, limits Limits) *Fetcher {
	return &Fetcher{blobs: blobs, limits: limits.withDefaults(), client: &http.Client{Timeout: 30 * time.Second}}
}

// Fetch downloads and stores one media object and returns its blob key.
// Every request, redirects included, must go to one of hosts.
func (f *Fetcher) Fetch(ctx context.Context, req *http.Request, hosts []string) (string, error) {
	if !hostAllowed(req.URL, hosts) {
		return "", fmt.Errorf("%w: host %q is not a provider host", ErrRejected, req.URL.Host)
	}
	client := *f.client
	client.CheckRedirect = func(next *http.Request, via []*http.Request) error {
		if len(via) >= 5 || !hostAllowed(next.URL, hosts) {
			return fmt.Errorf("%w: redirect to %q", ErrRejected, next.URL.Host)
		}
		return nil
	}
	resp, err := client.Do(req.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("media: download: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("media: download answered %d", resp.StatusCode)
	}
	if resp.ContentLength > f.limits.MaxBytes {
		return "", fmt.Errorf("%w: %d bytes", ErrRejected, resp.ContentLength)
	}
	mt, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil {
		mt = "application/octet-stream"
	}
	key, err := f.blobs.Put(ctx, resp.Body, mt)
	if err != nil {
		return "", err
	}
	return key, nil
}

// hostAllowed: https to an allowed host or a subdomain of one, or any
// scheme to a host listed with its scheme (the configured fake or test
// servers, e.g. "http://127.0.0.1:4010").
func hostAllowed(u *url.URL, hosts []string) bool {
	if slices.Contains(hosts, u.Scheme+"://"+u.Host) {
		return true
	}
	if u.Scheme != "https" {
		return false
	}
	h := strings.ToLower(u.Hostname())
	return slices.ContainsFunc(hosts, func(a string) bool { return h == a || strings.HasSuffix(h, "."+a) })
}

// ErrNoSource is returned for a channel without media downloads.
var ErrNoSource = errors.New("media: the channel has no media source")
