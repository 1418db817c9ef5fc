package api

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/auth"
	"github.com/parley-inbox/parley/domain/account"
)

// createUserBody is POST /admin/users: the user and, optionally, an
// initial password (else the user cannot log in until one is set).
type createUserBody struct {
	account.CreateUser
	Password string `json:"password,omitempty"`
}

// passwordBody is PUT /admin/users/:id/password.
type passwordBody struct {
	Password string `json:"password"`
}

func (h *adminRoutes) registerUsers(s *CommandAPI) {
	HandleJSON(s, "POST", "/admin/users", account.CreateUser{}.CommandType(),
		func(c *gin.Context, p Principal, body createUserBody, ifMatch *uint64) (CommandResult, error) {
			if err := requireAdmin(p); err != nil {
				return CommandResult{}, err
			}
			if body.Password != "" {
				if err := auth.CheckPassword(body.Password); err != nil {
					return CommandResult{}, weakPassword(err)
				}
			}
			body.UserID = newID(body.UserID)
			res, err := h.run(c, p, body.CreateUser, ifMatch)
			if err != nil || body.Password == "" {
				return res, err
			}
			return h.setPassword(c, p, body.UserID, body.Password)
		})
	adminCommand(s, h, "PATCH", "/admin/users/:id", func(c *account.UpdateUser, id string) { c.UserID = id })
	adminAction(s, h, "/admin/users/:id/archive", func(id string) account.Command { return account.ArchiveUser{UserID: id} },
		func(ctx context.Context, p Principal, id string) error {
			return h.cfg.Store.EndUserSessions(ctx, p.AccountID, id)
		})
	adminAction(s, h, "/admin/users/:id/restore", func(id string) account.Command { return account.RestoreUser{UserID: id} }, nil)
	HandleJSON(s, "PUT", "/admin/users/:id/password", account.RecordPasswordChange{}.CommandType(),
		func(c *gin.Context, p Principal, body passwordBody, _ *uint64) (CommandResult, error) {
			if err := requireAdmin(p); err != nil {
				return CommandResult{}, err
			}
			if err := auth.CheckPassword(body.Password); err != nil {
				return CommandResult{}, weakPassword(err)
			}
			return h.setPassword(c, p, c.Param("id"), body.Password)
		})
}

// setPassword records the change (which checks the user exists and is
// active), then stores the hash and ends the user's sessions. A retry with
// the same Idempotency-Key stores the hash again.
func (h *adminRoutes) setPassword(c *gin.Context, p Principal, userID, password string) (CommandResult, error) {
	meta := metaOf(c, p, nil)
	meta.CommandID += ":password"
	res, err := h.cfg.Accounts.Run(c.Request.Context(), account.RecordPasswordChange{UserID: userID}, meta)
	if err != nil {
		return CommandResult{}, err
	}
	ctx := c.Request.Context()
	hash, err := h.cfg.Hasher.Hash(ctx, password)
	if err != nil {
		return CommandResult{}, err
	}
	if err := h.cfg.Store.SetPassword(ctx, p.AccountID, userID, hash); err != nil {
		return CommandResult{}, err
	}
	return CommandResult(res), h.cfg.Store.EndUserSessions(ctx, p.AccountID, userID)
}
