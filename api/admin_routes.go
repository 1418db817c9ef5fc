package api

import (
	"context"
	"errors"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/auth"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/account"
	"github.com/parley-inbox/parley/projections/directory"
)

// AdminConfig configures RegisterAdminRoutes.
type AdminConfig struct {
	Accounts  *command.Accounts // required
	Store     *auth.Store       // required
	Directory *directory.Reader // required
	Hasher    *auth.Hasher      // required
	Now       func() time.Time
}

// Validate reports every missing dependency.
func (c AdminConfig) Validate() error {
	if c.Accounts == nil || c.Store == nil || c.Directory == nil || c.Hasher == nil {
		return errors.New("api: AdminConfig needs Accounts, Store, Directory and Hasher")
	}
	return nil
}

type adminRoutes struct{ cfg AdminConfig }

// RegisterAdminRoutes mounts the account administration API under
// /api/v1/admin: users, roles, teams, inboxes, API tokens and the tag
// catalogue (create, list, update, archive or revoke) and the account's
// name; every /admin route needs the admin permission. It also mounts GET
// /tags and /quick-replies (see registerCatalog). The account is always
// the caller's.
func RegisterAdminRoutes(s *CommandAPI, cfg AdminConfig) error {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	h := &adminRoutes{cfg: cfg}
	adminCommand[account.RenameAccount](s, h, "PATCH", "/admin/account", nil)
	h.registerUsers(s)
	adminCommand[account.CreateRole](s, h, "POST", "/admin/roles", nil)
	adminCommand(s, h, "PATCH", "/admin/roles/:id", func(c *account.UpdateRole, id string) { c.RoleID = id })
	adminAction(s, h, "/admin/roles/:id/archive", func(id string) account.Command { return account.ArchiveRole{RoleID: id} }, nil)
	adminCommand(s, h, "POST", "/admin/teams", func(c *account.CreateTeam, _ string) { c.TeamID = newID(c.TeamID) })
	adminCommand(s, h, "PATCH", "/admin/teams/:id", func(c *account.UpdateTeam, id string) { c.TeamID = id })
	adminAction(s, h, "/admin/teams/:id/archive", func(id string) account.Command { return account.ArchiveTeam{TeamID: id} }, nil)
	adminCommand(s, h, "POST", "/admin/inboxes", func(c *account.CreateInbox, _ string) { c.InboxID = newID(c.InboxID) })
	adminCommand(s, h, "PATCH", "/admin/inboxes/:id", func(c *account.UpdateInbox, id string) { c.InboxID = id })
	adminAction(s, h, "/admin/inboxes/:id/archive", func(id string) account.Command { return account.ArchiveInbox{InboxID: id} }, nil)
	s.group.POST("/admin/tokens", h.issueToken)
	adminAction(s, h, "/admin/tokens/:id/revoke", func(id string) account.Command { return account.RevokeToken{TokenID: id} },
		func(ctx context.Context, p Principal, id string) error {
			return h.cfg.Store.RevokeToken(ctx, p.AccountID, id)
		})
	h.registerLists(s)
	h.registerCatalog(s)
	return nil
}

// adminCommand registers an admin command whose body is the command; set,
// if given, puts the path's :id (or a generated id) into it.
func adminCommand[T account.Command](s *CommandAPI, h *adminRoutes, method, path string, set func(*T, string)) {
	var zero T
	HandleJSON(s, method, path, zero.CommandType(), func(c *gin.Context, p Principal, body T, ifMatch *uint64) (CommandResult, error) {
		if err := requireAdmin(p); err != nil {
			return CommandResult{}, err
		}
		if set != nil {
			set(&body, c.Param("id"))
		}
		return h.run(c, p, body, ifMatch)
	})
}

// adminAction registers a body-less admin command on POST path; after, if
// given, runs once the events are appended (credential side effects).
func adminAction(s *CommandAPI, h *adminRoutes, path string, cmd func(id string) account.Command, after func(context.Context, Principal, string) error) {
	s.Handle("POST", path, cmd("x").CommandType(), func(c *gin.Context, p Principal, ifMatch *uint64) (CommandResult, error) {
		if err := requireAdmin(p); err != nil {
			return CommandResult{}, err
		}
		res, err := h.run(c, p, cmd(c.Param("id")), ifMatch)
		if err == nil && after != nil {
			err = after(c.Request.Context(), p, c.Param("id"))
		}
		return res, err
	})
}

func (h *adminRoutes) run(c *gin.Context, p Principal, cmd account.Command, ifMatch *uint64) (CommandResult, error) {
	res, err := h.cfg.Accounts.Run(c.Request.Context(), cmd, metaOf(c, p, ifMatch))
	return CommandResult(res), err
}

// weakPassword is the input error of a password outside the bounds.
func weakPassword(err error) error {
	return domain.Invalid("password", "weak_password", "%s", err.Error())
}
