package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/api"
)

func adminCall(t *testing.T, e *gin.Engine, method, path, body string) (int, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer k")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	e.ServeHTTP(w, req)
	return w.Code, w.Body.Bytes()
}

// The admin API starts a rebuild (202 and a job), refuses a second one
// while it runs and unknown projectors, and reports it in the status until
// it has succeeded.
func TestAdminAPIRebuildsTheInboxViews(t *testing.T) {
	cmds := servedEngines(t)[0]
	if code, body := adminCall(t, cmds, "POST", "/api/v1/admin/projections/timeline/rebuild", ""); code != http.StatusNotFound {
		t.Fatalf("rebuild of an unknown projector: %d %s", code, body)
	}
	if code, body := adminCall(t, cmds, "POST", "/api/v1/admin/projections/inbox/rebuild", `{"force": false, "x": 1}`); code != http.StatusBadRequest {
		t.Fatalf("rebuild with an unknown field: %d %s", code, body)
	}
	code, body := adminCall(t, cmds, "POST", "/api/v1/admin/projections/inbox/rebuild", "")
	if code != http.StatusAccepted {
		t.Fatalf("rebuild: %d %s", code, body)
	}
	var job api.RebuildJob
	if err := json.Unmarshal(body, &job); err != nil || job.ID == "" || job.State != "running" {
		t.Fatalf("rebuild job: %v %s", err, body)
	}
	// A second one is refused while the first runs (or, if it has already
	// finished, started).
	if code, body := adminCall(t, cmds, "POST", "/api/v1/admin/projections/inbox/rebuild", ""); code != http.StatusConflict && code != http.StatusAccepted {
		t.Fatalf("second rebuild: %d %s", code, body)
	}
	deadline := time.Now().Add(time.Minute)
	for running := true; running; { // the API is asynchronous: poll its status
		code, body = adminCall(t, cmds, "GET", "/api/v1/admin/projections", "")
		var st struct {
			Projectors []api.ProjectorState `json:"projectors"`
			Rebuilds   []api.RebuildJob     `json:"rebuilds"`
		}
		if code != http.StatusOK || json.Unmarshal(body, &st) != nil || len(st.Rebuilds) == 0 || st.Rebuilds[len(st.Rebuilds)-1].ID != job.ID {
			t.Fatalf("status: %d %s", code, body)
		}
		running = false
		for _, r := range st.Rebuilds {
			switch {
			case r.State == "running":
				running = true
			case r.State != "succeeded" || r.FinishedAt == nil:
				t.Fatalf("rebuild %s ended %s: %s", r.ID, r.State, r.Error)
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the rebuild did not finish in a minute")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, body := adminCall(t, cmds, "POST", "/api/v1/admin/projections/inbox/unpark", ""); code != http.StatusNotFound {
		t.Fatalf("unpark without parked events: %d %s", code, body)
	}
}
