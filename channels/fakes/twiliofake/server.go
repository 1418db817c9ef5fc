// Package twiliofake is a local stand-in for Twilio's Messaging API: it
// implements POST /2010-04-01/Accounts/{AccountSid}/Messages.json with
// basic auth and the documented answer and error shapes, serves media, and
// posts signed form webhooks (incoming messages, status callbacks) to
// Parley as Twilio does.
package twiliofake

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/fakes/fakeserver"
)

// Config of a fake.
type Config struct {
	AccountSID string
	AuthToken  string
	Number     string // the inbox's Twilio number
	WebhookURL string
	IDPrefix   string // digits that make SIDs unique across fake instances
}

// Server is a running fake.
type Server struct {
	*fakeserver.Server
	cfg   Config
	calls fakeserver.Calls[created, int] // failures are HTTP statuses

	mu    sync.Mutex
	media map[string][]byte
}

// created is one accepted Message creation.
type created struct {
	form url.Values
	sid  string
}

// New starts a fake.
func New(cfg Config) *Server {
	s := &Server{cfg: cfg, media: map[string][]byte{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /2010-04-01/Accounts/{sid}/Messages.json", s.handleCreate)
	mux.HandleFunc("GET /2010-04-01/Accounts/{sid}/Messages/{msg}/Media/{media}", s.handleMedia)
	s.Server = fakeserver.Start("twiliofake", mux, cfg.WebhookURL)
	return s
}

// Sent returns the accepted Message creations and their SIDs.
func (s *Server) Sent() ([]url.Values, []string) {
	var forms []url.Values
	var sids []string
	for _, c := range s.calls.All() {
		forms, sids = append(forms, c.form), append(sids, c.sid)
	}
	return forms, sids
}

// FailNext makes the next creations answer with these HTTP statuses.
func (s *Server) FailNext(statuses ...int) { s.calls.FailNext(statuses...) }

// AddMedia stores an MMS attachment and returns its URL on the fake.
func (s *Server) AddMedia(messageSID, mediaSID string, data []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.media[mediaSID] = data
	return fmt.Sprintf("%s/2010-04-01/Accounts/%s/Messages/%s/Media/%s", s.URL(), s.cfg.AccountSID, messageSID, mediaSID)
}

// Incoming is the form of an incoming SMS (or MMS with mediaURL).
func (s *Server) Incoming(from, sid, body, mediaURL, mediaType string) url.Values {
	f := url.Values{"MessageSid": {sid}, "SmsSid": {sid}, "AccountSid": {s.cfg.AccountSID}, "From": {from}, "To": {s.cfg.Number},
		"Body": {body}, "NumMedia": {"0"}, "NumSegments": {"1"}, "SmsStatus": {"received"}, "ApiVersion": {"2010-04-01"}}
	if mediaURL != "" {
		f.Set("NumMedia", "1")
		f.Set("MediaUrl0", mediaURL)
		f.Set("MediaContentType0", mediaType)
	}
	return f
}

// Status is the form of a status callback.
func (s *Server) Status(sid, to, status, errorCode string) url.Values {
	f := url.Values{"MessageSid": {sid}, "SmsSid": {sid}, "AccountSid": {s.cfg.AccountSID}, "From": {s.cfg.Number}, "To": {to},
		"MessageStatus": {status}, "SmsStatus": {status}, "ApiVersion": {"2010-04-01"}}
	if errorCode != "" {
		f.Set("ErrorCode", errorCode)
	}
	return f
}

// Post signs form for the webhook URL and posts it; it returns the status.
func (s *Server) Post(ctx context.Context, form url.Values) (int, error) {
	target := s.WebhookURL()
	return s.Deliver(ctx, target, []byte(form.Encode()), http.Header{
		"Content-Type":       {"application/x-www-form-urlencoded"},
		"X-Twilio-Signature": {channels.TwilioSignature(s.cfg.AuthToken, target, form)},
	})
}

func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	user, pass, ok := r.BasicAuth()
	if !ok || user != s.cfg.AccountSID || pass != s.cfg.AuthToken || r.PathValue("sid") != s.cfg.AccountSID {
		writeError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return false
	}
	return true
}

func (s *Server) handleCreate(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	if err := r.ParseForm(); err != nil {
		writeError(w, http.StatusBadRequest, 20001, "Invalid form")
		return
	}
	f := r.PostForm
	switch {
	case f.Get("To") == "" || !strings.HasPrefix(f.Get("To"), "+"):
		writeError(w, http.StatusBadRequest, 21211, "The 'To' number "+f.Get("To")+" is not a valid phone number.")
		return
	case f.Get("From") != s.cfg.Number:
		writeError(w, http.StatusBadRequest, 21606, "The 'From' phone number provided is not a valid message-capable Twilio phone number for this destination.")
		return
	case f.Get("Body") == "" && f.Get("MediaUrl") == "":
		writeError(w, http.StatusBadRequest, 21602, "Message body is required.")
		return
	}
	c, status, failed := s.calls.Accept(func(seq int) created {
		return created{form: f, sid: fmt.Sprintf("SM%s%0*d", s.cfg.IDPrefix, 32-len(s.cfg.IDPrefix), seq)}
	})
	if failed {
		writeError(w, status, 20500, "Internal Server Error")
		return
	}
	fakeserver.WriteJSON(w, http.StatusCreated, map[string]any{
		"sid": c.sid, "account_sid": s.cfg.AccountSID, "to": f.Get("To"), "from": f.Get("From"), "body": f.Get("Body"),
		"status": "queued", "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01",
	})
}

func (s *Server) handleMedia(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(w, r) {
		return
	}
	s.mu.Lock()
	data, ok := s.media[r.PathValue("media")]
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, 20404, "The requested resource was not found")
		return
	}
	w.Header().Set("Content-Type", "image/jpeg")
	_, _ = w.Write(data)
}

func writeError(w http.ResponseWriter, status, code int, msg string) {
	fakeserver.WriteJSON(w, status, map[string]any{"code": code, "message": msg, "more_info": fmt.Sprintf("https://www.twilio.com/docs/errors/%d", code), "status": status})
}
