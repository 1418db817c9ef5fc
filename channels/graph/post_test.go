package graph_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/parley-inbox/parley/channels"
	"github.com/parley-inbox/parley/channels/graph"
)

func TestPostMessageSendsBearerAndDecodesAnswerOrGraphError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/"+graph.DefaultVersion+"/123/messages" || r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get("Content-Type") != "application/json" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190}}`))
			return
		}
		_, _ = w.Write([]byte(`{"message_id":"m_1"}`))
	}))
	defer srv.Close()
	var out struct {
		MessageID string `json:"message_id"`
	}
	api := graph.NewAPI("test", srv.Client())
	in := channels.Inbox{APIBaseURL: srv.URL, ProviderAccountID: "123", Credentials: channels.Credentials{AccessToken: "tok"}}
	status, ge, err := api.PostMessage(context.Background(), in, map[string]string{"text": "hi"}, &out)
	if err != nil || status != http.StatusOK || ge != nil || out.MessageID != "m_1" {
		t.Fatalf("Post = %d, %v, %v, id %q; want 200 and m_1", status, ge, err, out.MessageID)
	}
	in.Credentials.AccessToken = "wrong"
	status, ge, err = api.PostMessage(context.Background(), in, map[string]string{"text": "hi"}, &out)
	if err != nil || status != http.StatusUnauthorized || ge == nil || ge.Code != 190 {
		t.Fatalf("Post with a bad token = %d, %+v, %v; want 401 with Graph code 190", status, ge, err)
	}
}

func TestRefusalRetriesProviderCodesThrottlingAndServerErrors(t *testing.T) {
	for _, c := range []struct {
		status int
		ge     *graph.Error
		code   string
		retry  bool
	}{
		{400, &graph.Error{Code: 100, Message: "bad"}, "100", false},
		{400, &graph.Error{Code: 4, Message: "too many calls"}, "4", true},
		{429, nil, "http_429", true},
		{503, nil, "http_503", true},
		{403, nil, "http_403", false},
	} {
		se := graph.Refusal(c.status, c.ge, 4, 613)
		if se.Status != c.status || se.Code != c.code || se.Retryable != c.retry {
			t.Errorf("Refusal(%d, %+v) = %+v; want code %s retryable %v", c.status, c.ge, se, c.code, c.retry)
		}
	}
}
