// Package fakeserver is the plumbing the fake provider servers share: a
// local HTTP server standing for the provider's API, the webhook URL the
// fake posts events to, the delivery of those webhooks, and the record of
// accepted calls with injected failures.
package fakeserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
)

// Server is a running fake provider API.
type Server struct {
	name   string // prefixes errors, e.g. "telegramfake"
	srv    *httptest.Server
	client *http.Client

	mu         sync.Mutex
	webhookURL string
}

// Start serves h on a local address until Close; name prefixes the errors
// of webhook deliveries and webhookURL is where they go (it may be set
// later with SetWebhookURL).
func Start(name string, h http.Handler, webhookURL string) *Server {
	return &Server{name: name, srv: httptest.NewServer(h), client: &http.Client{}, webhookURL: webhookURL}
}

// URL is the API base to configure on the inbox.
func (s *Server) URL() string { return s.srv.URL }

// Close stops the fake.
func (s *Server) Close() { s.srv.Close() }

// SetWebhookURL sets where webhooks are posted.
func (s *Server) SetWebhookURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.webhookURL = u
}

// WebhookURL is where webhooks are posted.
func (s *Server) WebhookURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhookURL
}

// Deliver posts body to target with header (content type and the
// provider's signature), as the provider does; it returns the HTTP status
// Parley answered.
func (s *Server) Deliver(ctx context.Context, target string, body []byte, header http.Header) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("%s: webhook request: %w", s.name, err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s: post webhook: %w", s.name, err)
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// WriteJSON answers v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
