package query

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/parley-inbox/parley/domain"
)

func TestParseListParamsRejectsBadInput(t *testing.T) {
	for _, tc := range []struct{ query, field string }{
		{"colour=red", "colour"},
		{"limit=0", "limit"},
		{"limit=-1", "limit"},
		{"limit=101", "limit"},
		{"limit=1000000", "limit"},
		{"limit=99999999999999999999", "limit"},
		{"limit=ten", "limit"},
		{"status=archived", "status"},
		{"status=open&status=closed", "status"},
		{"sort=name", "sort"},
		{"channel=fax", "channel"},
		{"priority=critical", "priority"},
		{"priority=-1", "priority"},
		{"assignee=", "assignee"},
		{"assignee=a%20b", "assignee"},
		{"team=" + strings.Repeat("x", 65), "team"},
		{"tag=a,b,c,d,e,f,g,h,i,j,k", "tag"},
		{"tag=" + strings.Repeat("t", 65), "tag"},
		{"tag=", "tag"},
		{"tag_match=some", "tag_match"},
		{"unread=yes", "unread"},
		{"waiting=1", "waiting"},
		{"created_after=yesterday", "created_after"},
		{"created_before=-0001-01-01T00:00:00Z", "created_before"},
		{"updated_after=9999-01-01T00:00:00Z", "updated_after"},
		{"sort=waiting_since&waiting=false", "sort"},
	} {
		v, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ParseListParams(v)
		var de *domain.Error
		if !errors.As(err, &de) || de.Kind != domain.KindInvalid || de.Field != tc.field {
			t.Errorf("%q: error %v, want an invalid %q", tc.query, err, tc.field)
		}
	}
	p, err := ParseListParams(url.Values{"tag": {"VIP, bug", "vip"}, "limit": {"100"}})
	if err != nil || len(p.Tags) != 2 || p.Tags[0] != "vip" || p.Limit != 100 || p.Sort != SortLastActivity {
		t.Errorf("tags and limit: %+v, %v", p, err)
	}
}

func TestCursorsAreBoundToTheirSortFiltersAndKey(t *testing.T) {
	f := newFixture(t, 40)
	ctx := context.Background()
	first, err := f.svc.ListConversations(ctx, viewer, ListParams{Sort: SortCreated, Limit: 3, TagMatch: "any"})
	if err != nil || first.Meta.NextCursor == "" {
		t.Fatalf("first page: %v (cursor %q)", err, first.Meta.NextCursor)
	}
	cur := first.Meta.NextCursor
	other, err := NewService(f.pool, Config{CursorKey: []byte(strings.Repeat("k", 32))})
	if err != nil {
		t.Fatal(err)
	}
	payload, sig, _ := strings.Cut(cur, ".")
	flipped := []byte(payload)
	flipped[3] ^= 1
	for name, tc := range map[string]struct {
		svc    *Service
		params ListParams
		v      Viewer
	}{
		"other sort":     {f.svc, ListParams{Sort: SortLastActivity, Cursor: cur}, viewer},
		"other filters":  {f.svc, ListParams{Sort: SortCreated, Status: "open", Cursor: cur}, viewer},
		"other viewer":   {f.svc, ListParams{Sort: SortCreated, Cursor: cur}, Viewer{AccountID: "acct-2", AgentID: viewer.AgentID}},
		"other key":      {other, ListParams{Sort: SortCreated, Cursor: cur}, viewer},
		"tampered":       {f.svc, ListParams{Sort: SortCreated, Cursor: string(flipped) + "." + sig}, viewer},
		"no signature":   {f.svc, ListParams{Sort: SortCreated, Cursor: payload}, viewer},
		"garbage":        {f.svc, ListParams{Sort: SortCreated, Cursor: "%%%.***"}, viewer},
		"too long":       {f.svc, ListParams{Sort: SortCreated, Cursor: strings.Repeat("a", 600)}, viewer},
		"forged payload": {f.svc, ListParams{Sort: SortCreated, Cursor: "eyJzIjoiY3JlYXRlZCJ9." + sig}, viewer},
	} {
		tc.params.Limit, tc.params.TagMatch = 3, "any"
		_, err := tc.svc.ListConversations(ctx, tc.v, tc.params)
		var de *domain.Error
		if !errors.As(err, &de) || de.Field != "cursor" || de.Code != CodeInvalidCursor {
			t.Errorf("%s: error %v, want an invalid cursor", name, err)
		}
	}
}

func TestCallerRelativeFiltersNeedAnAgent(t *testing.T) {
	f := newFixture(t, 5)
	client := Viewer{AccountID: viewer.AccountID}
	yes := true
	for field, p := range map[string]ListParams{
		"assignee": {Assignee: "me", Sort: SortLastActivity, Limit: 5, TagMatch: "any"},
		"unread":   {Unread: &yes, Sort: SortLastActivity, Limit: 5, TagMatch: "any"},
	} {
		_, err := f.svc.ListConversations(context.Background(), client, p)
		var de *domain.Error
		if !errors.As(err, &de) || de.Field != field {
			t.Errorf("%s for a non-agent: %v", field, err)
		}
	}
}
