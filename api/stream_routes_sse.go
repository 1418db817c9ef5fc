package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
)

// sseWriter writes Server-Sent Events and keeps ids increasing: an event
// whose id would not increase goes out without one.
type sseWriter struct {
	w       gin.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
	lastID  uint64
	buf     bytes.Buffer
}

func newSSEWriter(w gin.ResponseWriter, timeout time.Duration) *sseWriter {
	return &sseWriter{w: w, rc: http.NewResponseController(w), timeout: timeout}
}

// open sends the headers and the reconnection hint. It lifts the server's
// read deadline: past it, net/http would cancel the request as if the client
// had gone (write deadlines are renewed per write instead).
func (s *sseWriter) open(retry time.Duration) error {
	if err := s.rc.SetReadDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return fmt.Errorf("api: stream: clear read deadline: %w", err)
	}
	h := s.w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache, no-transform")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	s.w.WriteHeader(http.StatusOK)
	s.buf.Reset()
	fmt.Fprintf(&s.buf, "retry: %d\n\n", retry.Milliseconds())
	return s.flush()
}

// event sends one event; id 0 means none. data is marshalled to one line.
func (s *sseWriter) event(id uint64, name string, data any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("api: stream: encode %s: %w", name, err)
	}
	s.buf.Reset()
	if id > s.lastID {
		s.buf.WriteString("id: " + strconv.FormatUint(id, 10) + "\n")
		s.lastID = id
	}
	s.buf.WriteString("event: " + name + "\ndata: ")
	s.buf.Write(b) // compact JSON holds no newline
	s.buf.WriteString("\n\n")
	return s.flush()
}

// comment sends a comment line, which clients ignore (a heartbeat).
func (s *sseWriter) comment(text string) error {
	s.buf.Reset()
	s.buf.WriteString(": " + text + "\n\n")
	return s.flush()
}

func (s *sseWriter) flush() error {
	if err := s.rc.SetWriteDeadline(time.Now().Add(s.timeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return fmt.Errorf("api: stream: set write deadline: %w", err)
	}
	if _, err := s.w.Write(s.buf.Bytes()); err != nil {
		return fmt.Errorf("api: stream: write: %w", err)
	}
	if err := s.rc.Flush(); err != nil {
		return fmt.Errorf("api: stream: flush: %w", err)
	}
	return nil
}
