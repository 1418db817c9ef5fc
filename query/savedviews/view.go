// Package savedviews keeps each agent's saved views of the conversation
// list: a name for a tab, list filters and a sort, stored per user on the
// server so that they follow the agent across devices. A view's filters are
// checked by the query package's own list parsing, so a stored view always
// makes a valid list request.
package savedviews

import (
	"errors"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/query"
)

// Bounds of saved views.
const (
	MaxNameLen      = 80 // runes in a view's name
	MaxViewsPerUser = 50
)

// Tabs of the inbox a view can open on.
const (
	TabAll        = "all"
	TabMine       = "mine"
	TabUnassigned = "unassigned"
)

var tabs = []string{TabAll, TabMine, TabUnassigned}

// notFilters are list parameters that page rather than filter; a view
// cannot hold them (sort has its own field).
var notFilters = []string{"sort", "limit", "cursor"}

// View is one saved view of an owner (an actor of an account).
type View struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	Tab       string            `json:"tab"`
	Filters   map[string]string `json:"filters"`
	Sort      string            `json:"sort"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`
}

// Owner is whose views they are: views are private to one actor.
type Owner struct {
	AccountID string
	Actor     domain.Actor
}

func (o Owner) key() string { return string(o.Actor.Kind) + ":" + o.Actor.ID }

// Patch changes some fields of a view; nil fields stay as they are, and
// Filters, when given, replace the view's filters.
type Patch struct {
	Name    *string            `json:"name,omitempty"`
	Tab     *string            `json:"tab,omitempty"`
	Filters *map[string]string `json:"filters,omitempty"`
	Sort    *string            `json:"sort,omitempty"`
}

// apply returns v with p applied.
func (p Patch) apply(v View) View {
	if p.Name != nil {
		v.Name = *p.Name
	}
	if p.Tab != nil {
		v.Tab = *p.Tab
	}
	if p.Filters != nil {
		v.Filters = *p.Filters
	}
	if p.Sort != nil {
		v.Sort = *p.Sort
	}
	return v
}

// Normalize trims the name, applies defaults (tab all, the list's default
// sort) and checks v; errors are domain.Invalid naming the field (filters.X
// for a filter).
func Normalize(v View) (View, error) {
	v.Name = strings.TrimSpace(v.Name)
	if e := domain.CheckText("name", v.Name, MaxNameLen, true); e != nil {
		return v, e
	}
	if strings.ContainsAny(v.Name, "\n\r\t") {
		return v, domain.Invalid("name", domain.CodeBadText, "must be one line")
	}
	if v.Tab == "" {
		v.Tab = TabAll
	}
	if !slices.Contains(tabs, v.Tab) {
		return v, domain.Invalid("tab", domain.CodeBadValue, "must be one of %s", strings.Join(tabs, ", "))
	}
	if v.Filters == nil {
		v.Filters = map[string]string{}
	}
	if _, ok := v.Filters["assignee"]; ok && v.Tab != TabAll {
		return v, domain.Invalid("filters.assignee", domain.CodeBadValue, "cannot be combined with tab %q, which sets the assignee", v.Tab)
	}
	params := url.Values{}
	for _, k := range sortedKeys(v.Filters) {
		if slices.Contains(notFilters, k) {
			return v, domain.Invalid("filters."+k, query.CodeUnknownParameter, "is not a list filter")
		}
		params.Set(k, v.Filters[k])
	}
	if v.Sort != "" {
		params.Set("sort", v.Sort)
	}
	lp, err := query.ParseListParams(params)
	if err != nil {
		return v, filterError(err)
	}
	v.Sort = lp.Sort
	return v, nil
}

// filterError names a list parameter's error after the view's field.
func filterError(err error) error {
	var de *domain.Error
	if !errors.As(err, &de) || de.Field == "" {
		return err
	}
	out := *de
	if out.Field != "sort" {
		out.Field = "filters." + out.Field
	}
	return &out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
