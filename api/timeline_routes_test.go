package api_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/parley-inbox/parley/api"
)

func TestTimelineRoute(t *testing.T) {
	srv := scenarioServer(t)
	var ids []string
	params := url.Values{"limit": {"5"}, "order": {"newest"}}
	for range 10 {
		var page api.TimelineResponse
		if code, _, body := getJSON(t, srv, keyXAdmin, "/conversations/c1/timeline", params, &page); code != http.StatusOK {
			t.Fatalf("timeline: %d %s", code, body)
		}
		for _, e := range page.Data {
			ids = append(ids, e.ID)
		}
		if page.NextCursor == "" {
			break
		}
		params.Set("cursor", page.NextCursor)
	}
	if len(ids) != 14 || ids[0] != "c1:e15" {
		t.Fatalf("newest first, 5 a page: %v", ids)
	}
	var msgs api.TimelineResponse
	getJSON(t, srv, keyXAdmin, "/conversations/c1/timeline", url.Values{"kind": {"message,note"}}, &msgs)
	if len(msgs.Data) != 5 {
		t.Fatalf("messages and notes: %+v", msgs)
	}
	for _, c := range []struct {
		name, key, conv string
		params          url.Values
		want            int
	}{
		{"other account's conversation", keyYAdmin, "c1", nil, http.StatusNotFound},
		{"inbox the agent may not see", keyXLimited, "c1", nil, http.StatusNotFound},
		{"inbox the agent sees", keyXLimited, "c2", nil, http.StatusOK},
		{"no such conversation", keyXAdmin, "nope", nil, http.StatusNotFound},
		{"unknown parameter", keyXAdmin, "c1", url.Values{"sort": {"x"}}, http.StatusBadRequest},
		{"page too large", keyXAdmin, "c1", url.Values{"limit": {"1000"}}, http.StatusBadRequest},
		{"bad kind", keyXAdmin, "c1", url.Values{"kind": {"gossip"}}, http.StatusBadRequest},
		{"bad time", keyXAdmin, "c1", url.Values{"from": {"yesterday"}}, http.StatusBadRequest},
		{"bad cursor", keyXAdmin, "c1", url.Values{"cursor": {"abc"}}, http.StatusBadRequest},
	} {
		if code, _, body := getJSON(t, srv, c.key, "/conversations/"+c.conv+"/timeline", c.params, nil); code != c.want {
			t.Errorf("%s: %d %s, want %d", c.name, code, body, c.want)
		}
	}
}
