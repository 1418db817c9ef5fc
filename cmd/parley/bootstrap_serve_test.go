package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/parley-inbox/parley/internal/pgtest"
)

// TestBootstrapThenLogIn runs `parley serve` on an empty database with the
// first administrator from the environment, logs in once the directory
// projection has caught up, creates an agent through the admin API and
// checks that the agent is refused the admin API.
func TestBootstrapThenLogIn(t *testing.T) {
	t.Setenv(envBootstrapAccount, "acme")
	t.Setenv(envBootstrapEmail, "boss@acme.test")
	t.Setenv(envBootstrapPassword, "the first password")
	r := startServe(t, 2, "--postgres-url="+pgtest.URL(t), "--api-keys=k-ops=acme:api_client:ops",
		"--command-addr=127.0.0.1:0", "--query-addr=127.0.0.1:0", "--shutdown-timeout=5s")
	cmd := "http://" + r.addrs["command"]
	login := func(email, password string) (string, string, bool) {
		status, header, body := requestOrStop(t, r, http.MethodPost, cmd+"/api/v1/auth/login", `{"email":"`+email+`","password":"`+password+`"}`)
		if status != http.StatusOK {
			return "", "", false
		}
		var out struct {
			CSRF string `json:"csrf_token"`
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		cookie, _, _ := strings.Cut(header.Get("Set-Cookie"), ";")
		return cookie, out.CSRF, true
	}
	// Bootstrap and the directory projection run in the background: the
	// login works once both are done (bounded by the deadline).
	var cookie, csrf string
	for deadline := time.Now().Add(30 * time.Second); ; {
		var ok bool
		if cookie, csrf, ok = login("boss@acme.test", "the first password"); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the bootstrap administrator cannot log in:\n%s", r.logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	admin := map[string]string{"Cookie": cookie, "X-CSRF-Token": csrf}
	status, _, body := request(t, http.MethodPost, cmd+"/api/v1/admin/users", "",
		`{"id":"ann","email":"ann@acme.test","name":"Ann","role":"agent","password":"ann's password"}`, admin)
	if status != http.StatusAccepted {
		t.Fatalf("create user: %d %s", status, body)
	}
	for deadline := time.Now().Add(30 * time.Second); ; {
		if cookie, csrf, ok := login("ann@acme.test", "ann's password"); ok {
			status, _, body := request(t, http.MethodGet, cmd+"/api/v1/admin/users", "", "", map[string]string{"Cookie": cookie, "X-CSRF-Token": csrf})
			if status != http.StatusForbidden {
				t.Fatalf("an agent on the admin API: %d %s", status, body)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the new agent cannot log in:\n%s", r.logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// requestOrStop is request, failing with serve's error and logs if serve
// has stopped.
func requestOrStop(t *testing.T, r *running, method, url, body string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%v; serve: %v\n%s", err, r.stop(), r.logs.String())
	}
	defer res.Body.Close()
	var b strings.Builder
	_, _ = io.Copy(&b, res.Body)
	return res.StatusCode, res.Header, b.String()
}
