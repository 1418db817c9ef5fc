// Package smtpfake is a local SMTP relay for tests and `parley simulate`:
// it accepts every message (go-smtp server) and records the envelope and
// the raw data; Send plays a customer's mail client.
package smtpfake

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"sync"

	"github.com/emersion/go-smtp"
)

// Mail is one accepted message.
type Mail struct {
	From string
	To   []string
	Data []byte
}

// Server is a running relay.
type Server struct {
	srv  *smtp.Server
	ln   net.Listener
	mu   sync.Mutex
	mail []Mail
	fail []int // SMTP codes for the next DATA commands
}

// New starts a relay on a free local port.
func New() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("smtpfake: listen: %w", err)
	}
	s := &Server{ln: ln}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "relay.test"
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Addr is host:port of the relay.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close stops the relay.
func (s *Server) Close() { _ = s.srv.Close() }

// Mail returns the accepted messages.
func (s *Server) Mail() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mail...)
}

// FailNext makes the next messages be refused with these SMTP codes.
func (s *Server) FailNext(codes ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = append(s.fail, codes...)
}

type session struct {
	s    *Server
	from string
	to   []string
}

func (se *session) Reset()        { se.from, se.to = "", nil }
func (se *session) Logout() error { return nil }
func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	se.from = from
	return nil
}
func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	se.to = append(se.to, to)
	return nil
}
func (se *session) Data(r io.Reader) error {
	var b bytes.Buffer
	if _, err := b.ReadFrom(r); err != nil {
		return err
	}
	se.s.mu.Lock()
	defer se.s.mu.Unlock()
	if len(se.s.fail) > 0 {
		code := se.s.fail[0]
		se.s.fail = se.s.fail[1:]
		return &smtp.SMTPError{Code: code, Message: "refused by the fake"}
	}
	se.s.mail = append(se.s.mail, Mail{From: se.from, To: se.to, Data: b.Bytes()})
	return nil
}

// Send delivers raw from a mail client to the SMTP server at addr.
func Send(ctx context.Context, addr, from string, to []string, raw []byte) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("smtpfake: dial: %w", err)
	}
	c := smtp.NewClient(conn)
	defer c.Close()
	if err := c.Mail(from, nil); err != nil {
		return fmt.Errorf("smtpfake: MAIL: %w", err)
	}
	for _, rcpt := range to {
		if err := c.Rcpt(rcpt, nil); err != nil {
			return fmt.Errorf("smtpfake: RCPT: %w", err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtpfake: DATA: %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("smtpfake: write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtpfake: end of data: %w", err)
	}
	return c.Quit()
}
