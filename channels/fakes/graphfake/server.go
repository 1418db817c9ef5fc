// Package graphfake is a local stand-in for Meta's Send API (Messenger and
// Instagram Direct): POST /{version}/{page-or-ig-id}/messages with the
// documented answer and error shapes, and signed messaging webhooks posted
// to Parley as Meta does.
package graphfake

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/parley-inbox/parley/channels"
)

// Config of a fake.
type Config struct {
	Object      string // "page" (Messenger) or "instagram"
	AccountID   string // the page or Instagram account id
	AccessToken string
	AppSecret   string
	WebhookURL  string
	IDPrefix    string // makes mids unique across fake instances
}

// Server is a running fake.
type Server struct {
	cfg Config
	srv *httptest.Server

	mu    sync.Mutex
	sent  []Sent
	seq   int
	files map[string][]byte
}

// Sent is one accepted Send API call.
type Sent struct {
	MessageID string
	Body      map[string]any
}

// New starts a fake.
func New(cfg Config) *Server {
	s := &Server{cfg: cfg, files: map[string][]byte{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /{version}/{id}/messages", s.handleSend)
	mux.HandleFunc("GET /cdn/{name}", s.handleCDN)
	s.srv = httptest.NewServer(mux)
	return s
}

// URL is the API base to configure on the inbox.
func (s *Server) URL() string { return s.srv.URL }

// Close stops the fake.
func (s *Server) Close() { s.srv.Close() }

// SetWebhookURL sets where webhooks go.
func (s *Server) SetWebhookURL(u string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.WebhookURL = u
}

// Sent returns the accepted calls.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// Event is one messaging event: sender, and the event's own fields.
func (s *Server) Event(sender string, at time.Time, fields map[string]any) []byte {
	ev := map[string]any{"sender": map[string]string{"id": sender}, "recipient": map[string]string{"id": s.cfg.AccountID}, "timestamp": at.UnixMilli()}
	for k, v := range fields {
		ev[k] = v
	}
	b, _ := json.Marshal(map[string]any{"object": s.cfg.Object, "entry": []map[string]any{{"id": s.cfg.AccountID, "time": at.UnixMilli(), "messaging": []any{ev}}}})
	return b
}

// Post signs body and posts it to Parley; it returns the status.
func (s *Server) Post(ctx context.Context, body []byte) (int, error) {
	s.mu.Lock()
	target := s.cfg.WebhookURL
	s.mu.Unlock()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("graphfake: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Hub-Signature-256", channels.MetaSignature(s.cfg.AppSecret, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("graphfake: post: %w", err)
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func (s *Server) handleSend(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+s.cfg.AccessToken {
		writeError(w, http.StatusUnauthorized, 190, "Invalid OAuth access token.")
		return
	}
	if r.PathValue("id") != s.cfg.AccountID {
		writeError(w, http.StatusBadRequest, 100, "Unsupported post request.")
		return
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, 100, "(#100) Invalid JSON")
		return
	}
	recipient, _ := body["recipient"].(map[string]any)
	msg, _ := body["message"].(map[string]any)
	if recipient["id"] == nil || msg == nil || (msg["text"] == nil && msg["attachment"] == nil) {
		writeError(w, http.StatusBadRequest, 100, "(#100) The parameter recipient and message are required")
		return
	}
	s.mu.Lock()
	s.seq++
	mid := fmt.Sprintf("m_FAKE%s%06d", s.cfg.IDPrefix, s.seq)
	s.sent = append(s.sent, Sent{MessageID: mid, Body: body})
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"recipient_id": recipient["id"], "message_id": mid})
}

// AddAttachment stores an attachment on the fake's "CDN" and returns its
// URL, to use in a message event.
func (s *Server) AddAttachment(name string, data []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[name] = data
	return s.srv.URL + "/cdn/" + name
}

func (s *Server) handleCDN(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	data, ok := s.files[r.PathValue("name")]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/jpeg")
	_, _ = w.Write(data)
}

func writeError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": msg, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEf"}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
