// Package telegramfake is a local stand-in for the Telegram Bot API: it
// implements sendMessage, sendPhoto, sendDocument, sendVoice, getFile and
// file downloads as documented, and posts updates to Parley's webhook with
// the secret token header, as Telegram does.
package telegramfake

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/parley-inbox/parley/channels/fakes/fakeserver"
)

// Config of a fake.
type Config struct {
	Token         string // the bot token it accepts
	WebhookSecret string // sent as X-Telegram-Bot-Api-Secret-Token
	WebhookURL    string
}

// Server is a running fake Bot API.
type Server struct {
	*fakeserver.Server
	cfg   Config
	calls fakeserver.Calls[Sent, int] // failures are HTTP statuses

	mu     sync.Mutex
	files  map[string][]byte
	update int64
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
	s.Server = fakeserver.Start("telegramfake", mux, cfg.WebhookURL)
	return s
}

// Sent returns the accepted calls.
func (s *Server) Sent() []Sent { return s.calls.All() }

// FailNext makes the next calls answer with these HTTP statuses.
func (s *Server) FailNext(statuses ...int) { s.calls.FailNext(statuses...) }

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
	s.mu.Unlock()
	if err != nil {
		return 0, fmt.Errorf("telegramfake: encode update: %w", err)
	}
	return s.PostRaw(ctx, s.WebhookURL(), body)
}

// PostRaw posts a raw update body with the secret token.
func (s *Server) PostRaw(ctx context.Context, target string, body []byte) (int, error) {
	return s.Deliver(ctx, target, body, http.Header{
		"Content-Type":                    {"application/json"},
		"X-Telegram-Bot-Api-Secret-Token": {s.cfg.WebhookSecret},
	})
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
		fakeserver.WriteJSON(w, http.StatusUnauthorized, map[string]any{"ok": false, "error_code": 401, "description": "Unauthorized"})
		return
	}
	method := r.PathValue("method")
	if method == "getFile" {
		s.getFile(w, r)
		return
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		fakeserver.WriteJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: invalid JSON"})
		return
	}
	field := map[string]string{"sendMessage": "text", "sendPhoto": "photo", "sendDocument": "document", "sendVoice": "voice"}[method]
	if field == "" {
		fakeserver.WriteJSON(w, http.StatusNotFound, map[string]any{"ok": false, "error_code": 404, "description": "Not Found"})
		return
	}
	if v, _ := body[field].(string); strings.TrimSpace(v) == "" || body["chat_id"] == nil {
		fakeserver.WriteJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: " + field + " is empty"})
		return
	}
	sent, status, failed := s.calls.Accept(func(seq int) Sent {
		return Sent{Method: method, MessageID: int64(seq), Body: body}
	})
	if failed {
		fakeserver.WriteJSON(w, status, map[string]any{"ok": false, "error_code": status, "description": http.StatusText(status)})
		return
	}
	fakeserver.WriteJSON(w, http.StatusOK, map[string]any{"ok": true, "result": map[string]any{"message_id": sent.MessageID, "date": time.Now().Unix(), "chat": map[string]any{"id": body["chat_id"]}}})
}

func (s *Server) getFile(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("file_id")
	s.mu.Lock()
	data, ok := s.files[id]
	s.mu.Unlock()
	if !ok {
		fakeserver.WriteJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error_code": 400, "description": "Bad Request: invalid file_id"})
		return
	}
	fakeserver.WriteJSON(w, http.StatusOK, map[string]any{"ok": true, "result": map[string]any{"file_id": id, "file_size": len(data), "file_path": "photos/" + id + ".jpg"}})
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
