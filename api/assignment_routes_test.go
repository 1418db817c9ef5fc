package api

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/parley-inbox/parley/eventstore/postgres"
	"github.com/parley-inbox/parley/projections/assigner"
)

func TestAssignmentRoutes(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	if err := postgres.Migrate(ctx, h.pool); err != nil {
		t.Fatal(err)
	}
	store, err := postgres.New(ctx, h.pool, postgres.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Close)
	configs, err := assigner.NewConfigs(store, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	RegisterAssignmentRoutes(h.cmds, configs)
	steps := []struct {
		method, path, body string
		status             int
	}{
		{"PUT", "/api/v1/admin/assignment/policies/support", `{"inbox_id":"wa","assignment_type":"round_robin","balance_load":true,"only_online_agents":true,"capacity":5}`, 202},
		{"PUT", "/api/v1/admin/assignment/policies/other", `{"inbox_id":"wa","assignment_type":"last_agent"}`, 409},
		{"PUT", "/api/v1/admin/assignment/policies/bad", `{"assignment_type":"random"}`, 422},
		{"PUT", "/api/v1/admin/assignment/policies/x", `{"assignment_type":"manual","colour":"red"}`, 400},
		{"PUT", "/api/v1/admin/assignment/rules/vip", `{"conditions":{"tags":["vip"]},"action":{"type":"assign_team","team_id":"gold"}}`, 202},
		{"PUT", "/api/v1/admin/assignment/rules/night", `{"conditions":{"business_hours":{"time_zone":"UTC","outside":true,"windows":[{"day":1,"from":"09:00","to":"17:00"}]}},"action":{"type":"leave_unassigned"},"position":0}`, 202},
		{"PUT", "/api/v1/admin/assignment/rule-order", `{"rule_ids":["vip","night"]}`, 202},
		{"PUT", "/api/v1/admin/assignment/rule-order", `{"rule_ids":["vip"]}`, 422},
		{"PUT", "/api/v1/admin/assignment/settings", `{"default_capacity":8,"grace_seconds":120,"require_fresh_view":true}`, 202},
		{"DELETE", "/api/v1/admin/assignment/rules/nope", ``, 404},
	}
	for _, s := range steps {
		if r := h.do(s.method, s.path, keyAlice, s.body, nil); r.status != s.status {
			t.Fatalf("%s %s: %d %s, want %d", s.method, s.path, r.status, r.body, s.status)
		}
	}
	r := h.do("GET", "/api/v1/admin/assignment", keyAlice, "", nil)
	if r.status != http.StatusOK {
		t.Fatalf("get: %d %s", r.status, r.body)
	}
	var v assignmentView
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Policies) != 1 || v.Policies[0].Capacity != 5 || len(v.Rules) != 2 || v.Rules[0].ID != "vip" ||
		v.Settings.GraceSeconds != 120 || v.Revision == nil || *v.Revision != 4 {
		t.Fatalf("configuration %s", r.body)
	}
	// Another account sees its own (empty) configuration.
	r = h.do("GET", "/api/v1/admin/assignment", keyBob, "", nil)
	if err := json.Unmarshal(r.body, &v); err != nil || len(v.Policies) != 0 || v.Revision != nil {
		t.Fatalf("other account: %s %v", r.body, err)
	}
}
