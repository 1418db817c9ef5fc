package main

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/parley-inbox/parley/internal/pgtest"
	"github.com/parley-inbox/parley/presence"
)

// The fresh-view rule end to end, across two processes: the command API
// (which refuses replies) and the query API (which takes the viewing
// signals) share presence through PostgreSQL.
func TestFreshViewRuleAcrossProcesses(t *testing.T) {
	url := pgtest.URL(t)
	keys := "--api-keys=k-ann=acme:agent:ann"
	cmds := startServe(t, 1, "--postgres-url="+url, "--role=command", "--command-addr=127.0.0.1:0", keys)
	queries := startServe(t, 1, "--postgres-url="+url, "--role=query", "--query-addr=127.0.0.1:0", keys)
	cmd, query := "http://"+cmds.addrs["command"], "http://"+queries.addrs["query"]
	call := func(method, base, path, body string) (int, string) {
		t.Helper()
		status, _, b := request(t, method, base+path, "k-ann", body, nil)
		return status, b
	}
	must := func(method, base, path, body string, want int) {
		t.Helper()
		if status, b := call(method, base, path, body); status != want {
			t.Fatalf("%s %s: %d %s, want %d", method, path, status, b, want)
		}
	}
	reply := func(id string) (int, string) {
		t.Helper()
		return call("POST", cmd, "/api/v1/conversations/fv-1/messages", `{"message_id":"`+id+`","kind":"text","text":"on it"}`)
	}
	inbound := func(id string) {
		t.Helper()
		must("POST", cmd, "/api/v1/conversations/fv-1/inbound-messages",
			`{"message_id":"`+id+`","type":"text","text":"anyone?","sent_at":"`+time.Now().UTC().Format(time.RFC3339)+`"}`, 202)
	}
	must("POST", cmd, "/api/v1/conversations", `{"id":"fv-1","inbox_id":"wa","channel":"whatsapp","contact_id":"k1","first_inbound":{"message_id":"m1","type":"text","text":"hi","sent_at":"`+time.Now().UTC().Format(time.RFC3339)+`"}}`, 202)

	// Off (the default): an agent who never looked may reply.
	if status, b := reply("r1"); status != 202 {
		t.Fatalf("rule off: %d %s", status, b)
	}
	must("PUT", cmd, "/api/v1/admin/assignment/settings", `{"require_fresh_view":true}`, 202)
	inbound("m2")
	status, b := reply("r2")
	var problem struct{ Code, Detail string }
	if err := json.Unmarshal([]byte(b), &problem); status != 409 || err != nil || problem.Code != presence.CodeStaleView || problem.Detail == "" {
		t.Fatalf("rule on, never viewed: %d %s", status, b)
	}
	// The web inbox's viewing signal (no up_to) on the other process: once
	// it is shared and the live stream had its moment to show m2, the
	// reply passes.
	deadline := time.Now().Add(15 * time.Second)
	for {
		must("POST", query, "/api/v1/conversations/fv-1/viewing", `{"active":true,"ttl_seconds":30}`, 204)
		status, b = reply("r2")
		if status == 202 {
			break
		}
		if status != 409 || time.Now().After(deadline) {
			t.Fatalf("after viewing: %d %s", status, b)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Closing the conversation on screen stops the view: a later message
	// must be looked at again.
	must("POST", query, "/api/v1/conversations/fv-1/viewing", `{"active":false}`, 204)
	deadline = time.Now().Add(15 * time.Second)
	for {
		n := time.Now().Format("150405.000")
		inbound("m3-" + n)
		if status, b = reply("r3-" + n); status == 409 {
			break
		}
		if time.Now().After(deadline) { // the stop may not have reached the command process yet
			t.Fatalf("after the view stopped: %d %s", status, b)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Off again: replies pass whatever was seen.
	must("PUT", cmd, "/api/v1/admin/assignment/settings", `{"require_fresh_view":false}`, 202)
	if status, b := reply("r4"); status != 202 {
		t.Fatalf("rule off again: %d %s", status, b)
	}
}
