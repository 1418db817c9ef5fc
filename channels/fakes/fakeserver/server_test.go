package fakeserver_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/parley-inbox/parley/channels/fakes/fakeserver"
)

func TestCallsNumbersAcceptedCallsAndTakesFailuresFirst(t *testing.T) {
	var c fakeserver.Calls[int, string]
	c.FailNext("boom")
	record := func(seq int) int { return seq * 10 }
	if _, f, failed := c.Accept(record); !failed || f != "boom" {
		t.Fatalf("first call: failed=%v failure=%q, want the injected failure", failed, f)
	}
	for want := 10; want <= 20; want += 10 {
		if got, _, failed := c.Accept(record); failed || got != want {
			t.Fatalf("accepted %d (failed=%v), want %d", got, failed, want)
		}
	}
	all := c.All()
	if len(all) != 2 || all[0] != 10 || all[1] != 20 {
		t.Fatalf("All() = %v, want [10 20]", all)
	}
	all[0] = 99
	if c.All()[0] != 10 {
		t.Fatal("All() shares its slice with the record")
	}
}

func TestDeliverPostsBodyAndHeadersToWebhook(t *testing.T) {
	var gotBody, gotSig string
	parley := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		gotBody, gotSig = string(b), r.Header.Get("X-Sig")
		w.WriteHeader(http.StatusAccepted)
	}))
	defer parley.Close()
	s := fakeserver.Start("testfake", http.NotFoundHandler(), "")
	defer s.Close()
	s.SetWebhookURL(parley.URL)
	status, err := s.Deliver(context.Background(), s.WebhookURL(), []byte(`{"a":1}`), http.Header{"X-Sig": {"abc"}})
	if err != nil || status != http.StatusAccepted {
		t.Fatalf("Deliver = %d, %v; want 202", status, err)
	}
	if gotBody != `{"a":1}` || gotSig != "abc" {
		t.Fatalf("webhook got body %q sig %q", gotBody, gotSig)
	}
	if _, err := s.Deliver(context.Background(), "http://127.0.0.1:1/nowhere", nil, nil); err == nil {
		t.Fatal("Deliver to a closed port: want an error")
	}
}
