package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/internal/authz"
	"github.com/parley-inbox/parley/projections/directory"
)

// roleView is a role as the admin API lists it: built-in and custom alike.
type roleView struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Permissions []string `json:"permissions"`
	Scope       string   `json:"scope"`
	Builtin     bool     `json:"builtin"`
	Archived    bool     `json:"archived"`
}

// tokenView is a token as listed, with its last use.
type tokenView struct {
	directory.Token
	LastUsedAt *time.Time `json:"last_used_at"`
}

func (h *adminRoutes) registerLists(s *CommandAPI) {
	d := h.cfg.Directory
	s.group.GET("/admin/users", adminList("admin.list_users", d.Users))
	s.group.GET("/admin/teams", adminList("admin.list_teams", d.Teams))
	s.group.GET("/admin/inboxes", adminList("admin.list_inboxes", d.Inboxes))
	s.group.GET("/admin/roles", adminList("admin.list_roles", h.roles))
	s.group.GET("/admin/tokens", adminList("admin.list_tokens", h.tokens))
	s.group.GET("/admin/tags", adminList("admin.list_tags", h.cfg.Directory.Tags))
}

// adminList answers GET with {"data": [...]} of the caller's account.
func adminList[T any](op string, list func(ctx context.Context, accountID string) ([]T, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set(opKey, op)
		p, _ := PrincipalFrom(c)
		if err := requireAdmin(p); err != nil {
			WriteError(c, err)
			return
		}
		if len(c.Request.URL.RawQuery) > 0 {
			WriteError(c, &RequestError{Status: http.StatusBadRequest, Code: "unknown_parameter", Message: "this list takes no parameters"})
			return
		}
		rows, err := list(c.Request.Context(), p.AccountID)
		if err != nil {
			WriteError(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"data": rows})
	}
}

func (h *adminRoutes) roles(ctx context.Context, accountID string) ([]roleView, error) {
	custom, err := h.cfg.Directory.Roles(ctx, accountID)
	if err != nil {
		return nil, err
	}
	var out []roleView
	for _, r := range authz.BuiltinRoles() {
		out = append(out, roleView{ID: r.ID, Name: r.Name, Permissions: r.Permissions.Names(), Scope: string(r.Scope), Builtin: true})
	}
	for _, r := range custom {
		out = append(out, roleView{ID: r.ID, Name: r.Name, Permissions: r.Permissions, Scope: r.Scope, Archived: r.Archived})
	}
	return out, nil
}

func (h *adminRoutes) tokens(ctx context.Context, accountID string) ([]tokenView, error) {
	ts, err := h.cfg.Directory.Tokens(ctx, accountID)
	if err != nil {
		return nil, err
	}
	used, err := h.cfg.Store.TokenLastUsed(ctx, accountID)
	if err != nil {
		return nil, err
	}
	out := make([]tokenView, len(ts))
	for i, t := range ts {
		out[i] = tokenView{Token: t}
		if at, ok := used[t.ID]; ok {
			out[i].LastUsedAt = &at
		}
	}
	return out, nil
}
