package api_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/parley-inbox/parley/projections/timeline"
)

func TestMetricsRoute(t *testing.T) {
	srv := scenarioServer(t)
	week := url.Values{"from": {"2026-03-01T00:00:00Z"}, "to": {"2026-03-08T00:00:00Z"}}
	var res timeline.MetricsResult
	q := url.Values{"interval": {"day"}, "tz": {"Europe/Lisbon"}, "group_by": {"channel"}}
	for k, v := range week {
		q[k] = v
	}
	if code, _, body := getJSON(t, srv, keyXAdmin, "/metrics/conversations", q, &res); code != http.StatusOK {
		t.Fatalf("metrics: %d %s", code, body)
	}
	if len(res.Groups) != 2 || res.Groups[0].Key != "email" || res.Groups[1].Key != "whatsapp" ||
		res.Groups[1].Buckets[0].Opened != 2 || *res.Groups[1].Buckets[0].FirstResponse.Median != 450 {
		t.Fatalf("by channel: %+v", res)
	}
	if code, _, body := getJSON(t, srv, keyXLimited, "/metrics/conversations", week, nil); code != http.StatusForbidden {
		t.Fatalf("metrics without the reports permission: %d %s", code, body)
	}
	for name, params := range map[string]url.Values{
		"no range":     {},
		"bad tz":       {"from": week["from"], "to": week["to"], "tz": {"Mars/Olympus"}},
		"bad group":    {"from": week["from"], "to": week["to"], "group_by": {"planet"}},
		"too many hrs": {"from": {"2020-01-01T00:00:00Z"}, "to": week["to"], "interval": {"hour"}},
	} {
		if code, _, body := getJSON(t, srv, keyXAdmin, "/metrics/conversations", params, nil); code != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", name, code, body)
		}
	}
}
