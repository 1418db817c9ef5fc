package api

import (
	"context"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/projections/timeline"
)

// metrics answers session metrics for analysts: it needs the reports
// permission, and counts only the inboxes the caller may see.
func (h *searchRoutes) metrics(ctx context.Context, _ *gin.Context, p Principal, params url.Values) (any, error) {
	s := p.Subject()
	if !s.Can(authz.ViewReports) {
		return nil, domain.Forbidden("reports_forbidden", "reading metrics needs the reports permission")
	}
	v := paramReader{params: params}
	if err := v.only("from", "to", "interval", "tz", "group_by", "channel", "inbox", "team", "agent", "tag"); err != nil {
		return nil, err
	}
	q := timeline.MetricsQuery{From: v.time("from"), To: v.time("to"), Interval: v.one("interval"),
		GroupBy: v.one("group_by"), Channel: v.one("channel"), InboxID: v.one("inbox"), TeamID: v.one("team"),
		AgentID: v.one("agent"), Tag: v.one("tag")}
	if tz := v.one("tz"); tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil || tz == "Local" {
			v.fail("tz", "must be an IANA time zone name, e.g. Europe/Lisbon")
		}
		q.TimeZone = loc
	}
	if v.err != nil {
		return nil, v.err
	}
	if !s.Can(authz.AllInboxes) {
		q.Inboxes = append([]string{}, s.Access.Inboxes...)
	}
	return h.r.Metrics(ctx, p.AccountID, q)
}
