package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/parley-inbox/parley/domain"
)

func TestAuthentication(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct{ name, auth string }{
		{"no credential", ""},
		{"unknown key", "Bearer nope"},
		{"wrong scheme", "Basic " + keyAlice},
		{"empty bearer", "Bearer "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := h.do(http.MethodGet, "/api/v1/whoami", "", "", map[string]string{"Authorization": tc.auth})
			if res.status != http.StatusUnauthorized {
				t.Fatalf("status = %d; body %s", res.status, res.body)
			}
			if p := res.problem(t); p.Code != "unauthenticated" {
				t.Fatalf("code = %q", p.Code)
			}
			if res.header.Get("WWW-Authenticate") == "" {
				t.Fatal("no WWW-Authenticate header")
			}
		})
	}
	t.Run("the credential names account and actor", func(t *testing.T) {
		res := h.do(http.MethodGet, "/api/v1/whoami", keyBob, "", nil)
		var got struct {
			AccountID string       `json:"account_id"`
			Actor     domain.Actor `json:"actor"`
			Session   string       `json:"session"`
		}
		if err := json.Unmarshal(res.body, &got); err != nil || res.status != 200 {
			t.Fatalf("%d %s: %v", res.status, res.body, err)
		}
		if got.AccountID != "globex" || got.Actor != (domain.Actor{Kind: domain.ActorAPIClient, ID: "bob"}) || got.Session == "" {
			t.Fatalf("principal = %+v", got)
		}
	})
}

func TestNewAPIKeysRejectsBadKeys(t *testing.T) {
	_, err := NewAPIKeys([]APIKey{
		{Secret: "", Principal: Principal{AccountID: "a", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "x"}}},
		{Secret: "k", Principal: Principal{AccountID: "", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "x"}}},
		{Secret: "k2", Principal: Principal{AccountID: "a", Actor: domain.Actor{Kind: "wizard", ID: "x"}}},
		{Secret: "k3", Principal: Principal{AccountID: "a", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "x"}}},
		{Secret: "k3", Principal: Principal{AccountID: "b", Actor: domain.Actor{Kind: domain.ActorAgent, ID: "y"}}},
	})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"api key 1: empty secret", "api key 2: empty account", "api key 3: invalid actor", "api key 5: duplicate key"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}
