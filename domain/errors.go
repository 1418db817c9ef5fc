package domain

import (
	"errors"
	"fmt"
)

// ErrorKind classifies a domain error; the HTTP layer maps kinds to status
// codes in one place.
type ErrorKind int

// The kinds of errors a command can fail with.
const (
	KindInvalid     ErrorKind = iota + 1 // the input is wrong: 400/422
	KindConflict                         // the state does not allow it: 409
	KindNotFound                         // no such thing (for this caller): 404
	KindForbidden                        // the caller may not: 403
	KindUnavailable                      // a dependency is down: 503
)

func (k ErrorKind) String() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindConflict:
		return "conflict"
	case KindNotFound:
		return "not_found"
	case KindForbidden:
		return "forbidden"
	case KindUnavailable:
		return "unavailable"
	}
	return "unknown"
}

// Error is a domain error with a kind, a stable code, an optional field the
// problem is about, and a message meant for people.
type Error struct {
	Kind    ErrorKind
	Code    string // stable, machine-readable, e.g. "whatsapp_window_closed"
	Field   string // JSON field name the error is about, if any
	Message string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Is makes errors.Is(err, domain.ErrConflict) and friends match by kind.
func (e *Error) Is(target error) bool {
	var t *Error
	if errors.As(target, &t) && t.Code == "" && t.Field == "" && t.Message == "" {
		return t.Kind == e.Kind
	}
	return false
}

// Sentinels to test an error's kind with errors.Is.
var (
	ErrInvalid     = &Error{Kind: KindInvalid}
	ErrConflict    = &Error{Kind: KindConflict}
	ErrNotFound    = &Error{Kind: KindNotFound}
	ErrForbidden   = &Error{Kind: KindForbidden}
	ErrUnavailable = &Error{Kind: KindUnavailable}
)

// Invalid returns an input error about one field.
func Invalid(field, code, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Conflict returns an error saying the current state does not allow the command.
func Conflict(code, format string, args ...any) *Error {
	return &Error{Kind: KindConflict, Code: code, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns an error saying the thing does not exist.
func NotFound(code, format string, args ...any) *Error {
	return &Error{Kind: KindNotFound, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Forbidden returns an error saying the caller may not do this.
func Forbidden(code, format string, args ...any) *Error {
	return &Error{Kind: KindForbidden, Code: code, Message: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of a domain error anywhere in err's chain, or 0.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}

// Unavailable returns an error saying a dependency is down; the caller may
// retry later.
func Unavailable(code, format string, args ...any) *Error {
	return &Error{Kind: KindUnavailable, Code: code, Message: fmt.Sprintf(format, args...)}
}
