// Package graphfake is a local stand-in for Meta's Send API (Messenger and
// Instagram Direct): POST /{version}/{page-or-ig-id}/messages with the
// documented answer and error shapes, and signed messaging webhooks posted
// to Parley as Meta does.
package graphfake

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/fakes/fakeserver"
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
	*fakeserver.Server
	cfg   Config
	calls fakeserver.Calls[Sent, struct{}]

	mu    sync.Mutex
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
	s.Server = fakeserver.Start("graphfake", mux, cfg.WebhookURL)
	return s
}

// Sent returns the accepted calls.
func (s *Server) Sent() []Sent { return s.calls.All() }

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
	return s.Deliver(ctx, s.WebhookURL(), body, http.Header{
		"Content-Type":        {"application/json"},
		"X-Hub-Signature-256": {channels.MetaSignature(s.cfg.AppSecret, body)},
	})
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
	sent, _, _ := s.calls.Accept(func(seq int) Sent {
		return Sent{MessageID: fmt.Sprintf("m_FAKE%s%06d", s.cfg.IDPrefix, seq), Body: body}
	})
	fakeserver.WriteJSON(w, http.StatusOK, map[string]any{"recipient_id": recipient["id"], "message_id": sent.MessageID})
}

// AddAttachment stores an attachment on the fake's "CDN" and returns its
// URL, to use in a message event.
func (s *Server) AddAttachment(name string, data []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[name] = data
	return s.URL() + "/cdn/" + name
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
	fakeserver.WriteJSON(w, status, map[string]any{"error": map[string]any{"message": msg, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEf"}})
}
