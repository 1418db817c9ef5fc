package whatsappfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/parley-inbox/parley/channels/fakes/fakeserver"
)

func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Authorization") != "Bearer "+s.cfg.AccessToken {
		writeError(w, http.StatusUnauthorized, 190, "OAuthException", "Error validating access token: The session is invalid.")
		return false
	}
	return true
}

func (s *Server) handleSend(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	if r.PathValue("phone") != s.cfg.PhoneNumberID {
		writeError(w, http.StatusBadRequest, 100, "GraphMethodException", "Unsupported post request. Object with ID does not exist.")
		return
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var body map[string]any
	if err == nil {
		err = json.Unmarshal(raw, &body)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, 100, "OAuthException", "(#100) Invalid JSON")
		return
	}
	if msg := invalid(body); msg != "" {
		writeError(w, http.StatusBadRequest, 100, "OAuthException", "(#100) "+msg)
		return
	}
	to, _ := body["to"].(string)
	s.wait(r, to)
	sent, f, failed := s.calls.Accept(func(seq int) SentMessage {
		return SentMessage{ID: fmt.Sprintf("wamid.FAKE%s%08d", s.cfg.IDPrefix, seq), Body: body}
	})
	if failed {
		writeError(w, f.Status, f.Code, "OAuthException", f.Message)
		return
	}
	id := sent.ID
	fakeserver.WriteJSON(w, http.StatusOK, map[string]any{
		"messaging_product": "whatsapp",
		"contacts":          []map[string]string{{"input": to, "wa_id": to}},
		"messages":          []map[string]string{{"id": id}},
	})
}

// invalid checks the documented required fields of a send request.
func invalid(b map[string]any) string {
	if b["messaging_product"] != "whatsapp" {
		return "The parameter messaging_product is required."
	}
	if to, _ := b["to"].(string); to == "" {
		return "The parameter to is required."
	}
	typ, _ := b["type"].(string)
	if typ == "" {
		typ = "text"
	}
	obj, ok := b[typ].(map[string]any)
	if !ok {
		return fmt.Sprintf("Param %s is required for type %s.", typ, typ)
	}
	switch typ {
	case "text":
		if body, _ := obj["body"].(string); strings.TrimSpace(body) == "" {
			return "Param text['body'] is required."
		}
	case "image", "video", "audio", "document", "sticker":
		if obj["id"] == nil && obj["link"] == nil {
			return "Param " + typ + " must have an id or a link."
		}
	case "template":
		if obj["name"] == nil || obj["language"] == nil {
			return "Param template['name'] and template['language'] are required."
		}
	case "reaction":
		return invalidReaction(obj)
	case "interactive":
		return invalidInteractive(obj)
	}
	return ""
}

func (s *Server) handleMediaInfo(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	id := r.PathValue("mediaID")
	s.mu.Lock()
	m, ok := s.media[id]
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, 100, "GraphMethodException", "Unsupported get request.")
		return
	}
	fakeserver.WriteJSON(w, http.StatusOK, map[string]any{
		"messaging_product": "whatsapp", "id": id, "mime_type": m.MimeType,
		"file_size": fmt.Sprint(len(m.Data)), "url": s.URL() + "/download/" + id,
	})
}

func (s *Server) handleMediaDownload(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	s.mu.Lock()
	m, ok := s.media[r.PathValue("mediaID")]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", m.MimeType)
	_, _ = w.Write(m.Data)
}

func writeError(w http.ResponseWriter, status, code int, typ, msg string) {
	fakeserver.WriteJSON(w, status, map[string]any{"error": map[string]any{
		"message": msg, "type": typ, "code": code, "fbtrace_id": "AbCdEfGhIjK",
	}})
}

// handleTemplates lists two approved templates, one per page, as the Graph
// API pages: paging.next on the second call is absent.
func (s *Server) handleTemplates(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	if r.PathValue("waba") != s.cfg.BusinessID {
		writeError(w, http.StatusBadRequest, 100, "GraphMethodException", "Unsupported get request.")
		return
	}
	page := map[string]any{"data": []map[string]any{{
		"name": "order_update", "language": "en_US", "status": "APPROVED", "category": "UTILITY", "id": "1",
		"components": []map[string]any{{"type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped."}},
	}}}
	if r.URL.Query().Get("after") == "" {
		page["paging"] = map[string]any{"cursors": map[string]string{"after": "MQ"}, "next": s.URL() + r.URL.Path + "?limit=100&after=MQ"}
	} else {
		page["data"] = []map[string]any{{
			"name": "welcome_back", "language": "pt_BR", "status": "APPROVED", "category": "MARKETING", "id": "2",
			"components": []map[string]any{{"type": "BODY", "text": "Olá {{1}}!"}},
		}}
	}
	fakeserver.WriteJSON(w, http.StatusOK, page)
}
