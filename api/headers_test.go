package api

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"
)

func TestParseIfMatch(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64 // -1: none; -2: error
	}{
		{"", -1},
		{"  ", -1},
		{"12", 12},
		{`"12"`, 12},
		{" \"0\" ", 0},
		{"18446744073709551615", 0}, // checked below: the largest revision
		{`W/"12"`, -2},
		{"*", -2},
		{`"1", "2"`, -2},
		{"-1", -2},
		{"+1", -2},
		{`""`, -2},
		{`"12`, -2},
		{"0x10", -2},
		{"99999999999999999999", -2},
	} {
		got, err := ParseIfMatch(tc.in)
		switch {
		case tc.in == "18446744073709551615":
			if err != nil || *got != 18446744073709551615 {
				t.Errorf("%q: %v %v", tc.in, got, err)
			}
		case tc.want == -1 && (got != nil || err != nil):
			t.Errorf("%q: got %v, %v; want none", tc.in, got, err)
		case tc.want == -2 && err == nil:
			t.Errorf("%q: no error", tc.in)
		case tc.want >= 0 && (err != nil || got == nil || *got != uint64(tc.want)):
			t.Errorf("%q: got %v, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestIfMatchReachesTheCommand(t *testing.T) {
	h := newHarness(t)
	h.cmds.Handle(http.MethodPost, "/test/ifmatch", "test.ifmatch", func(_ *gin.Context, _ Principal, ifMatch *uint64) (CommandResult, error) {
		if ifMatch == nil {
			return CommandResult{Stream: "none"}, nil
		}
		return CommandResult{Stream: "some", Revision: *ifMatch + 1}, nil
	})
	for _, tc := range []struct {
		header, stream string
		status         int
	}{
		{"", "none", 202},
		{`"7"`, "some", 202},
		{"7", "some", 202},
		{`W/"7"`, "", 400},
	} {
		res := h.do(http.MethodPost, "/api/v1/test/ifmatch", keyAlice, "", map[string]string{"If-Match": tc.header})
		if res.status != tc.status {
			t.Fatalf("If-Match %q: %d %s", tc.header, res.status, res.body)
		}
		if tc.status == 400 {
			if p := res.problem(t); p.Code != "invalid_if_match" || p.Errors[0].Field != "If-Match" {
				t.Fatalf("problem %+v", p)
			}
			continue
		}
		var r CommandResult
		if err := json.Unmarshal(res.body, &r); err != nil || r.Stream != tc.stream {
			t.Fatalf("If-Match %q: %s", tc.header, res.body)
		}
		if tc.stream == "some" && res.header.Get("ETag") != `"8"` {
			t.Fatalf("ETag %q", res.header.Get("ETag"))
		}
	}
}
