package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

type echoBody struct {
	Name   string `json:"name"`
	Nested struct {
		Count int `json:"count"`
	} `json:"nested"`
	Any any `json:"any"`
}

func registerEcho(h *harness) {
	HandleJSON(h.cmds, http.MethodPost, "/test/echo", "test.echo", func(_ *gin.Context, _ Principal, b echoBody, _ *uint64) (CommandResult, error) {
		return CommandResult{Stream: "echo-" + b.Name, Revision: uint64(b.Nested.Count)}, nil
	})
}

func nest(depth int) string {
	return strings.Repeat("[", depth) + strings.Repeat("]", depth)
}

func TestDecodeJSONIsStrict(t *testing.T) {
	h := newHarness(t)
	registerEcho(h)
	cases := []struct {
		name, body, contentType string
		status                  int
		code, field             string
	}{
		{"unknown field", `{"name":"a","nmae":"b"}`, "", 400, "unknown_field", "nmae"},
		{"unknown nested field", `{"nested":{"count":1,"extra":true}}`, "", 400, "unknown_field", "extra"},
		{"wrong type", `{"nested":{"count":"three"}}`, "", 400, "wrong_type", "nested.count"},
		{"wrong top-level type", `[1,2]`, "", 400, "wrong_type", "(body)"},
		{"trailing garbage", `{"name":"a"} {"name":"b"}`, "", 400, "malformed_json", ""},
		{"trailing bracket", `{"name":"a"}}`, "", 400, "malformed_json", ""},
		{"syntax error", `{"name":}`, "", 400, "malformed_json", ""},
		{"truncated", `{"name":"a"`, "", 400, "malformed_json", ""},
		{"empty body", ` `, "", 400, "malformed_json", ""},
		{"too deep", `{"any":` + nest(32) + `}`, "", 400, "malformed_json", ""},
		{"too large", `{"name":"` + strings.Repeat("x", DefaultMaxBodyBytes) + `"}`, "", 413, "body_too_large", ""},
		{"wrong content type", `{"name":"a"}`, "text/plain", 415, "unsupported_media_type", ""},
		{"form content type", `name=a`, "application/x-www-form-urlencoded", 415, "unsupported_media_type", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hdr := map[string]string{}
			if tc.contentType != "" {
				hdr["Content-Type"] = tc.contentType
			}
			res := h.do(http.MethodPost, "/api/v1/test/echo", keyAlice, tc.body, hdr)
			if res.status != tc.status {
				t.Fatalf("status = %d, want %d; body %.300s", res.status, tc.status, res.body)
			}
			p := res.problem(t)
			if p.Code != tc.code {
				t.Fatalf("code = %q, want %q (%s)", p.Code, tc.code, p.Detail)
			}
			if tc.field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != tc.field) {
				t.Fatalf("errors = %+v, want field %q", p.Errors, tc.field)
			}
		})
	}
}

func TestDecodeJSONAccepts(t *testing.T) {
	h := newHarness(t)
	registerEcho(h)
	for name, tc := range map[string]struct{ body, contentType string }{
		"plain":                 {`{"name":"a","nested":{"count":3}}`, ""},
		"charset":               {`{"name":"a","nested":{"count":3}}`, "application/json; charset=utf-8"},
		"+json media type":      {`{"name":"a","nested":{"count":3}}`, "application/merge-patch+json"},
		"trailing whitespace":   {"{\"name\":\"a\",\"nested\":{\"count\":3}}\n\t ", ""},
		"deep but within bound": {`{"name":"a","nested":{"count":3},"any":` + nest(31) + `}`, ""},
		"brackets in strings":   {`{"name":"a","nested":{"count":3},"any":"` + strings.Repeat("[{", 40) + `\"]"}`, ""},
	} {
		t.Run(name, func(t *testing.T) {
			hdr := map[string]string{}
			if tc.contentType != "" {
				hdr["Content-Type"] = tc.contentType
			}
			res := h.do(http.MethodPost, "/api/v1/test/echo", keyAlice, tc.body, hdr)
			var got CommandResult
			if err := json.Unmarshal(res.body, &got); err != nil || res.status != 202 {
				t.Fatalf("%d %s", res.status, res.body)
			}
			if got != (CommandResult{Stream: "echo-a", Revision: 3}) || res.header.Get("ETag") != `"3"` {
				t.Fatalf("result %+v etag %q", got, res.header.Get("ETag"))
			}
		})
	}
}

func TestJSONDepth(t *testing.T) {
	for body, want := range map[string]int{
		`1`:                 0,
		`{}`:                1,
		`{"a":[{"b":[]}]}`:  4,
		`{"a":"[[[[\"]]]"}`: 1,
		`[[],[[]],[]]`:      3,
		`{"a":"\\"}`:        1,
		`{"a":"\\\"[[["}`:   1,
	} {
		if got := jsonDepth([]byte(body)); got != want {
			t.Errorf("jsonDepth(%s) = %d, want %d", body, got, want)
		}
	}
}
