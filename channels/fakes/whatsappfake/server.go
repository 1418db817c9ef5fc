// Package whatsappfake is a local stand-in for the WhatsApp Cloud API, for
// tests and `parley simulate`: it implements the documented contract of
// POST /{version}/{phone-number-id}/messages and the media endpoints, and
// plays the provider's side of webhooks (signed inbound messages and
// delivery statuses posted to Parley).
package whatsappfake

import (
	"context"
	"net/http"
	"sync"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/fakes/fakeserver"
)

// Config of a fake.
type Config struct {
	PhoneNumberID string // the only phone number it serves
	AccessToken   string // the bearer token it accepts
	AppSecret     string // signs the webhooks it posts
	WebhookURL    string // where it posts webhooks; may be set later
	IDPrefix      string // makes wamids unique across fake instances
	BusinessID    string // the WABA id whose templates it lists
}

// Server is a running fake Cloud API.
type Server struct {
	*fakeserver.Server
	cfg   Config
	calls fakeserver.Calls[SentMessage, Failure]

	mu    sync.Mutex
	media map[string]Media
	held  map[string]chan struct{} // recipient -> closed when released
}

// SentMessage is one accepted send request.
type SentMessage struct {
	ID   string         // the wamid returned
	Body map[string]any // the request body as JSON
}

// Failure is an injected error answer for the next send.
type Failure struct {
	Status  int
	Code    int
	Message string
}

// Media is a stored media object.
type Media struct {
	MimeType string
	Data     []byte
}

// New starts a fake; Close stops it.
func New(cfg Config) *Server {
	s := &Server{cfg: cfg, media: map[string]Media{}, held: map[string]chan struct{}{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /{version}/{phone}/messages", s.handleSend)
	mux.HandleFunc("GET /{version}/{mediaID}", s.handleMediaInfo)
	mux.HandleFunc("GET /download/{mediaID}", s.handleMediaDownload)
	mux.HandleFunc("GET /{version}/{waba}/message_templates", s.handleTemplates)
	s.Server = fakeserver.Start("whatsappfake", mux, cfg.WebhookURL)
	return s
}

// Hold makes sends to a recipient wait until release is called (or the
// request is abandoned), as a slow provider would; tests use it to show
// that one conversation does not hold up another.
func (s *Server) Hold(to string) (release func()) {
	ch := make(chan struct{})
	s.mu.Lock()
	s.held[to] = ch
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			delete(s.held, to)
			s.mu.Unlock()
			close(ch)
		})
	}
}

// wait blocks while sends to a recipient are held.
func (s *Server) wait(r *http.Request, to string) {
	s.mu.Lock()
	ch := s.held[to]
	s.mu.Unlock()
	if ch == nil {
		return
	}
	select {
	case <-ch:
	case <-r.Context().Done():
	}
}

// Sent returns the accepted send requests so far.
func (s *Server) Sent() []SentMessage { return s.calls.All() }

// FailNext makes the next sends answer with the given failures, in order.
func (s *Server) FailNext(f ...Failure) { s.calls.FailNext(f...) }

// AddMedia stores a media object customers "sent"; inbound webhooks refer
// to it by id.
func (s *Server) AddMedia(id string, m Media) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.media[id] = m
}

// PostWebhook signs body with the app secret and posts it to Parley, as
// Meta does; it returns the HTTP status Parley answered.
func (s *Server) PostWebhook(ctx context.Context, body []byte) (int, error) {
	return s.Deliver(ctx, s.WebhookURL(), body, http.Header{
		"Content-Type":        {"application/json"},
		"X-Hub-Signature-256": {channels.MetaSignature(s.cfg.AppSecret, body)},
	})
}
