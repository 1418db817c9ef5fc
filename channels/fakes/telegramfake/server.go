// Package telegramfake is a local stand-in for the Telegram Bot API: it
// implements sendMessage, sendPhoto, sendDocument, sendVoice, getFile and
// file downloads as documented, and posts updates to Parley's webhook with
// the secret token header, as Telegram does.
package telegramfake

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Config of a fake.
type Config struct {
	Token         string // the bot token it accepts
	WebhookSecret string // sent as X-Telegram-Bot-Api-Secret-Token
	WebhookURL    string
}

// Server is a running fake Bot API.
type Server struct {
	cfg Config
	srv *httptest.Server

	mu       sync.Mutex
	sent     []Sent
	files    map[string][]byte
	seq      int64
	update   int64
	failures []int // HTTP statuses for the next calls
}

// Sent is one accepted API call.
type Sent struct {
	Method    string
	MessageID int64
	Body      map[string]any
}

// New starts a fake.
func New(cfg Config) *Server {
	s := &Server{cfg: cfg, files: map[string][]byte{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /{bot}/{method}", s.handleMethod)
	mux.HandleFunc("GET /file/{bot}/{path...}", s.handleFile)
	s.srv = httptest.NewServer(mux)
	return s
}

// URL is the API base to configure on the inbox.
func (s *Server) URL() string { return s.srv.URL }

// Close stops the fake.
func (s *Server) Close() { s.srv.Close() }

// SetWebhookURL is setWebhook.
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

// FailNext makes the next calls answer with these HTTP statuses.
func (s *Server) FailNext(statuses ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, statuses...)
}

// AddFile stores a file a customer "sent".
func (s *Server) AddFile(fileID string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[fileID] = data
}

// PostUpdate posts an update to Parley and returns the HTTP status.
func (s *Server) PostUpdate(ctx context.Context, msg map[string]any) (int, error) {
	s.mu.Lock()
	s.update++
	body, err := json.Marshal(map[string]any{"update_id": 500000 + s.update, "message": msg})
	target := s.cfg.WebhookURL
	s.mu.Unlock()
	if err != nil {
		return 0, fmt.Errorf("telegramfake: encode update: %w", err)
	}
	return s.PostRaw(ctx, target, body)
}

// PostRaw posts a raw update body with the secret token.
func (s *Server) PostRaw(ctx context.Context, target string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("telegramfake: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", s.cfg.WebhookSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("telegramfake: post update: %w", err)
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// TextMessage is a private chat message from a user.
func TextMessage(chatID int64, firstName, text string, at time.Time) map[string]any {
	return map[string]any{
		"message_id": at.UnixNano() % 1_000_000, "date": at.Unix(), "text": text,
		"from": map[string]any{"id": chatID, "is_bot": false, "first_name": firstName},
		"chat": map[string]any{"id": chatID, "type": "private", "first_name": firstName},
	}
}

// PhotoMessage is a private chat photo stored with AddFile.
func PhotoMessage(chatID int64, firstName, fileID, caption string, at time.Time) map[string]any {
	m := TextMessage(chatID, firstName, "", at)
	delete(m, "text")
	m["caption"] = caption
	m["photo"] = []map[string]any{{"file_id": fileID, "file_unique_id": "u" + fileID, "width": 800, "height": 600, "file_size": 1000}}
	return m
}

func (s *Server) handleMethod(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("bot") != "bot"+s.cfg.Token {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"ok": false, "error_code": 401, "description": "Unauthorized"})
		return
	}
	method := r.PathValue("method")
	if method == "getFile" {
		s.getFile(w, r)
		return
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: invalid JSON"})
		return
	}
	field := map[string]string{"sendMessage": "text", "sendPhoto": "photo", "sendDocument": "document", "sendVoice": "voice"}[method]
	if field == "" {
		writeJSON(w, http.StatusNotFound, map[string]any{"ok": false, "error_code": 404, "description": "Not Found"})
		return
	}
	if v, _ := body[field].(string); strings.TrimSpace(v) == "" || body["chat_id"] == nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: " + field + " is empty"})
		return
	}
	s.mu.Lock()
	if len(s.failures) > 0 {
		status := s.failures[0]
		s.failures = s.failures[1:]
		s.mu.Unlock()
		writeJSON(w, status, map[string]any{"ok": false, "error_code": status, "description": http.StatusText(status)})
		return
	}
	s.seq++
	id := s.seq
	s.sent = append(s.sent, Sent{Method: method, MessageID: id, Body: body})
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": map[string]any{"message_id": id, "date": time.Now().Unix(), "chat": map[string]any{"id": body["chat_id"]}}})
}

func (s *Server) getFile(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("file_id")
	s.mu.Lock()
	data, ok := s.files[id]
	s.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: invalid file_id"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": map[string]any{"file_id": id, "file_size": len(data), "file_path": "photos/" + id + ".jpg"}})
}

func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("bot") != "bot"+s.cfg.Token {
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
		return
	}
	id := strings.TrimSuffix(strings.TrimPrefix(r.PathValue("path"), "photos/"), ".jpg")
	s.mu.Lock()
	data, ok := s.files[id]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/jpeg")
	_, _ = w.Write(data)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
