package api

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/parley-inbox/parley/query/savedviews"
)

func newSavedViewsHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	if err := savedviews.Migrate(t.Context(), h.pool); err != nil {
		t.Fatal(err)
	}
	s, err := savedviews.New(h.pool, nil)
	if err != nil {
		t.Fatal(err)
	}
	RegisterSavedViewRoutes(h.cmds.group, s)
	return h
}

func TestSavedViewRoutes(t *testing.T) {
	h := newSavedViewsHarness(t)
	const path = BasePath + "/saved-views"
	r := h.do("POST", path, keyAlice, `{"name":"Urgent","tab":"mine","filters":{"priority":"urgent","unread":"true"},"sort":"priority"}`, nil)
	if r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	var v savedviews.View
	if err := json.Unmarshal(r.body, &v); err != nil || v.ID == "" || v.Tab != "mine" || v.Filters["priority"] != "urgent" {
		t.Fatalf("created %s (%v)", r.body, err)
	}
	r = h.do("PATCH", path+"/"+v.ID, keyAlice, `{"name":"Urgent, mine"}`, nil)
	if r.status != http.StatusOK {
		t.Fatalf("rename: %d %s", r.status, r.body)
	}
	var list struct {
		Data []savedviews.View `json:"data"`
		Max  int               `json:"max"`
	}
	r = h.do("GET", path, keyAlice, "", nil)
	if err := json.Unmarshal(r.body, &list); err != nil || r.status != 200 || len(list.Data) != 1 || list.Data[0].Name != "Urgent, mine" || list.Max != savedviews.MaxViewsPerUser {
		t.Fatalf("list: %d %s", r.status, r.body)
	}
	// Another account's client neither sees nor changes it.
	if r = h.do("GET", path, keyBob, "", nil); r.status != 200 || string(r.body) != `{"data":[],"max":50}` {
		t.Fatalf("bob lists %d %s", r.status, r.body)
	}
	if r = h.do("DELETE", path+"/"+v.ID, keyBob, "", nil); r.status != http.StatusNotFound {
		t.Fatalf("bob deletes alice's view: %d", r.status)
	}
	for _, c := range []struct{ method, body, field string }{
		{"POST", `{"name":""}`, "name"},
		{"POST", `{"name":"x","filters":{"colour":"red"}}`, "filters.colour"},
		{"POST", `{"name":"x","filters":{"status":"lost"}}`, "filters.status"},
		{"POST", `{"name":"x","sort":"random"}`, "sort"},
		{"POST", `{"name":"x","owner":"bob"}`, "owner"},
		{"POST", `{"name":"x","filters":{"unread":true}}`, "filters"}, // values are strings, as in the list query
		{"PATCH", `{"tab":"everyone"}`, "tab"},
	} {
		p := path
		if c.method == "PATCH" {
			p += "/" + v.ID
		}
		r := h.do(c.method, p, keyAlice, c.body, nil)
		if r.status != http.StatusBadRequest {
			t.Errorf("%s %s: %d %s, want 400", c.method, c.body, r.status, r.body)
			continue
		}
		if pr := r.problem(t); len(pr.Errors) != 1 || pr.Errors[0].Field != c.field {
			t.Errorf("%s %s: problem %+v, want field %s", c.method, c.body, pr, c.field)
		}
	}
	if r = h.do("POST", path, keyAlice, `{"name":"urgent, MINE"}`, nil); r.status != http.StatusConflict {
		t.Fatalf("duplicate name: %d %s", r.status, r.body)
	}
	if r = h.do("DELETE", path+"/"+v.ID, keyAlice, "", nil); r.status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	if r = h.do("DELETE", path+"/"+v.ID, keyAlice, "", nil); r.status != http.StatusNotFound {
		t.Fatalf("delete again: %d", r.status)
	}
}
