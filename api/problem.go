package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/eventstore"
)

// ProblemContentType is the media type of every error response (RFC 9457).
const ProblemContentType = "application/problem+json"

// Problem is an RFC 9457 problem document with Parley's extensions: a stable
// machine-readable code, field-level errors and the request id.
type Problem struct {
	Type      string       `json:"type"`
	Title     string       `json:"title"`
	Status    int          `json:"status"`
	Detail    string       `json:"detail,omitempty"`
	Code      string       `json:"code"`
	Errors    []FieldError `json:"errors,omitempty"`
	RequestID string       `json:"request_id,omitempty"`
	// retryAfter, in seconds, becomes the Retry-After header when > 0.
	retryAfter int
}

// FieldError is a problem with one field of the request.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// RequestError is an error about the HTTP request itself (malformed body,
// wrong media type, bad header) rather than about the command.
type RequestError struct {
	Status  int
	Code    string
	Field   string // JSON field or header the error is about, if any
	Message string
}

func (e *RequestError) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

func problemType(code string) string { return "urn:parley:problem:" + code }

// ProblemFor maps an error to the problem it is answered with. It is the one
// place where error kinds become HTTP statuses.
func ProblemFor(err error) Problem {
	var re *RequestError
	var de *domain.Error
	switch {
	case errors.As(err, &re):
		return newProblem(re.Status, re.Code, re.Message, fieldErrors(err, re.Field, re.Message))
	case errors.Is(err, ErrUnauthenticated):
		return newProblem(http.StatusUnauthorized, "unauthenticated", err.Error(), nil)
	case errors.As(err, &de):
		return domainProblem(err, de)
	case errors.Is(err, eventstore.ErrConflict):
		return newProblem(http.StatusConflict, "concurrency_conflict", "the stream changed concurrently; reload and try again", nil)
	case errors.Is(err, eventstore.ErrStreamNotFound):
		return newProblem(http.StatusNotFound, "not_found", "no such resource", nil)
	case errors.Is(err, eventstore.ErrUnavailable):
		return unavailable("the event store is unavailable; try again later")
	case errors.Is(err, context.DeadlineExceeded):
		return newProblem(http.StatusGatewayTimeout, "timeout", "the request took too long; it may or may not have taken effect, retry with the same Idempotency-Key", nil)
	case errors.Is(err, context.Canceled):
		return unavailable("the request was canceled")
	case isConnectError(err):
		return unavailable("a database is unavailable; try again later")
	}
	return newProblem(http.StatusInternalServerError, "internal", "an internal error occurred; it has been logged", nil)
}

func domainProblem(err error, de *domain.Error) Problem {
	code := de.Code
	if code == "" {
		code = de.Kind.String()
	}
	switch de.Kind {
	case domain.KindInvalid:
		detail, errs := de.Error(), fieldErrors(err, de.Field, de.Message)
		if len(errs) > 1 {
			detail = fmt.Sprintf("%d fields are invalid; see errors", len(errs))
		}
		return newProblem(http.StatusUnprocessableEntity, code, detail, errs)
	case domain.KindConflict:
		return newProblem(http.StatusConflict, code, de.Message, nil)
	case domain.KindNotFound:
		return newProblem(http.StatusNotFound, code, de.Message, nil)
	case domain.KindForbidden:
		return newProblem(http.StatusForbidden, code, de.Message, nil)
	case domain.KindUnavailable:
		p := unavailable(de.Message)
		p.Code = code
		return p
	}
	return newProblem(http.StatusInternalServerError, "internal", "an internal error occurred; it has been logged", nil)
}

func newProblem(status int, code, detail string, errs []FieldError) Problem {
	return Problem{Type: problemType(code), Title: http.StatusText(status), Status: status, Detail: detail, Code: code, Errors: errs}
}

func unavailable(detail string) Problem {
	p := newProblem(http.StatusServiceUnavailable, "unavailable", detail, nil)
	p.retryAfter = 1
	return p
}

// fieldErrors lists every field-level error in err's tree (errors.Join of
// several domain errors gives several entries), or the single one given.
func fieldErrors(err error, field, msg string) []FieldError {
	var out []FieldError
	walk(err, func(e error) {
		switch e := e.(type) {
		case *domain.Error:
			if e.Field != "" {
				out = append(out, FieldError{Field: e.Field, Message: e.Message})
			}
		case *RequestError:
			if e.Field != "" {
				out = append(out, FieldError{Field: e.Field, Message: e.Message})
			}
		}
	})
	if len(out) == 0 && field != "" {
		out = append(out, FieldError{Field: field, Message: msg})
	}
	return out
}

func walk(err error, visit func(error)) {
	if err == nil {
		return
	}
	visit(err)
	switch u := err.(type) {
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			walk(e, visit)
		}
	case interface{ Unwrap() error }:
		walk(u.Unwrap(), visit)
	}
}

func isConnectError(err error) bool {
	var ce *pgconn.ConnectError
	return errors.As(err, &ce)
}

// WriteError answers the request with the problem err maps to. Server-side
// errors are logged with the request id; their details never leave.
func WriteError(c *gin.Context, err error) {
	p := ProblemFor(err)
	logProblem(c, p, err)
	writeProblem(c, p)
}

func logProblem(c *gin.Context, p Problem, err error) {
	if p.Status < http.StatusInternalServerError {
		return
	}
	loggerOf(c).LogAttrs(c.Request.Context(), slog.LevelError, "request failed",
		slog.String("request_id", RequestID(c)), slog.Int("status", p.Status), slog.String("error", err.Error()))
}

func writeProblem(c *gin.Context, p Problem) {
	p.RequestID = RequestID(c)
	body, _ := json.Marshal(p) // a Problem always marshals
	if p.retryAfter > 0 {
		c.Header("Retry-After", strconv.Itoa(p.retryAfter))
	}
	if p.Status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="parley"`)
	}
	c.Data(p.Status, ProblemContentType, body)
}
