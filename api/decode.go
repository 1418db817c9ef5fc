package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// Bounds of a JSON request body.
const (
	DefaultMaxBodyBytes = 1 << 20 // 1 MiB
	DefaultMaxDepth     = 32
)

// maxBodyKey holds a route's body cap in the gin context (set by Handle).
const maxBodyKey = "parley.max_body"

// DecodeJSON decodes the request body into dst strictly: the Content-Type
// must be JSON (415), the body at most the cap (413), nested at most
// DefaultMaxDepth levels, with no unknown fields, no wrong types and nothing
// after the value (400). Errors are *RequestError naming the field.
func DecodeJSON(c *gin.Context, dst any) error {
	if err := checkJSONContentType(c.GetHeader("Content-Type")); err != nil {
		return err
	}
	limit := int64(DefaultMaxBodyBytes)
	if v, ok := c.Get(maxBodyKey); ok {
		limit = v.(int64)
	}
	body, err := readBody(c, limit)
	if err != nil {
		return err
	}
	return decodeStrict(body, dst, DefaultMaxDepth)
}

func checkJSONContentType(ct string) error {
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && (mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))) {
		return nil
	}
	return &RequestError{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
		Message: fmt.Sprintf("the body must be application/json, not %q", ct)}
}

// readBody reads at most limit bytes of the body, answering 413 beyond.
func readBody(c *gin.Context, limit int64) ([]byte, error) {
	if c.Request.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, limit))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, &RequestError{Status: http.StatusRequestEntityTooLarge, Code: "body_too_large",
			Message: fmt.Sprintf("the body is larger than %d bytes", limit)}
	}
	if err != nil {
		return nil, &RequestError{Status: http.StatusBadRequest, Code: "unreadable_body", Message: "the body could not be read: " + err.Error()}
	}
	return b, nil
}

func decodeStrict(body []byte, dst any, maxDepth int) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return malformed("the body is empty; a JSON object is expected")
	}
	if depth := jsonDepth(body); depth > maxDepth {
		return malformed(fmt.Sprintf("the JSON is nested %d levels deep; at most %d are allowed", depth, maxDepth))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return malformed("unexpected data after the JSON value")
	}
	return nil
}

func malformed(msg string) *RequestError {
	return &RequestError{Status: http.StatusBadRequest, Code: "malformed_json", Message: msg}
}

func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return malformed(fmt.Sprintf("malformed JSON at byte %d: %s", syn.Offset, syn.Error()))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "(body)"
		}
		return &RequestError{Status: http.StatusBadRequest, Code: "wrong_type", Field: field,
			Message: fmt.Sprintf("must be %s, not %s", describeType(typ), typ.Value)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return malformed("the JSON ends unexpectedly")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json reports unknown fields only through its message.
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &RequestError{Status: http.StatusBadRequest, Code: "unknown_field", Field: name, Message: "unknown field"}
	}
	return malformed(err.Error())
}

func describeType(e *json.UnmarshalTypeError) string {
	switch e.Type.Kind().String() {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
		return "a number"
	case "slice", "array":
		return "an array"
	case "struct", "map":
		return "an object"
	}
	return "a " + e.Type.String()
}

// jsonDepth is the deepest nesting of objects and arrays in b, ignoring
// brackets inside strings; malformed input is left to the decoder.
func jsonDepth(b []byte) int {
	depth, deepest, inString, escaped := 0, 0, false, false
	for _, ch := range b {
		switch {
		case inString && escaped:
			escaped = false
		case inString && ch == '\\':
			escaped = true
		case inString && ch == '"':
			inString = false
		case inString:
		case ch == '"':
			inString = true
		case ch == '{' || ch == '[':
			depth++
			deepest = max(deepest, depth)
		case ch == '}' || ch == ']':
			depth--
		}
	}
	return deepest
}
