package email

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/parley-inbox/parley/channels"
)

// ErrNoMailbox is returned by Receiver.Inbox for an address no inbox has.
var ErrNoMailbox = errors.New("email: no such mailbox")

// Receiver is what the SMTP listener hands accepted mail to.
type Receiver interface {
	// Inbox returns the email inbox of an address, or ErrNoMailbox.
	Inbox(ctx context.Context, address string) (channels.Inbox, error)
	// Receive takes one parsed message in for an inbox.
	Receive(ctx context.Context, in channels.Inbox, p Parsed) error
}

// ServerConfig configures the SMTP listener.
type ServerConfig struct {
	Domain          string // announced in the greeting
	MaxMessageBytes int64  // default 25 MiB
	MaxRecipients   int    // default 50
	Logger          *slog.Logger
}

// Server is the inbound SMTP listener.
type Server struct {
	cfg      ServerConfig
	receiver Receiver
}

// NewServer returns a listener handing mail to r.
func NewServer(r Receiver, cfg ServerConfig) *Server {
	if cfg.MaxMessageBytes <= 0 {
		cfg.MaxMessageBytes = 25 << 20
	}
	if cfg.MaxRecipients <= 0 {
		cfg.MaxRecipients = 50
	}
	if cfg.Domain == "" {
		cfg.Domain = "localhost"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Server{cfg: cfg, receiver: r}
}

// Serve accepts mail on ln until ctx ends.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{ctx: ctx, s: s}, nil
	}))
	srv.Domain = s.cfg.Domain
	srv.MaxMessageBytes = s.cfg.MaxMessageBytes
	srv.MaxRecipients = s.cfg.MaxRecipients
	srv.ReadTimeout, srv.WriteTimeout = time.Minute, time.Minute
	stop := context.AfterFunc(ctx, func() { _ = srv.Close() })
	defer stop()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, smtp.ErrServerClosed) && ctx.Err() == nil {
		return fmt.Errorf("email: smtp server: %w", err)
	}
	return nil
}

// session is one SMTP transaction; it lives as long as its connection,
// whose context is the server's.
type session struct {
	ctx   context.Context
	s     *Server
	from  string
	boxes []channels.Inbox
}

func (se *session) Reset()        { se.from, se.boxes = "", nil }
func (se *session) Logout() error { return nil }

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	se.from = from
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	in, err := se.s.receiver.Inbox(se.ctx, strings.ToLower(strings.Trim(to, "<>")))
	if errors.Is(err, ErrNoMailbox) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	if err != nil {
		se.s.cfg.Logger.Error("email: inbox lookup", "error", err)
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	se.boxes = append(se.boxes, in)
	return nil
}

func (se *session) Data(r io.Reader) error {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r); err != nil {
		return fmt.Errorf("email: read data: %w", err)
	}
	p, err := Parse(buf.Bytes())
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "malformed message"}
	}
	for _, in := range se.boxes {
		if err := se.s.receiver.Receive(se.ctx, in, p); err != nil {
			se.s.cfg.Logger.Error("email: take message in", "inbox", in.ID, "message_id", p.MessageID, "error", err)
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
		}
	}
	return nil
}
