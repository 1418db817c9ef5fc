package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/parley-inbox/parley/auth"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/account"
)

// changePasswordBody is POST /auth/password.
type changePasswordBody struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// changePassword lets a logged-in user change their own password: the
// current one must match (a stolen session alone is not enough), the change
// is recorded on the account stream, and every session of the user ends,
// this one included.
func (h *loginRoutes) changePassword(accounts *command.Accounts) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set(opKey, account.RecordPasswordChange{}.CommandType())
		c.Set(maxBodyKey, int64(4<<10))
		p, _ := PrincipalFrom(c)
		if p.Actor.Kind != domain.ActorAgent {
			WriteError(c, domain.Forbidden("forbidden", "only users have passwords"))
			return
		}
		var body changePasswordBody
		if err := DecodeJSON(c, &body); err != nil {
			WriteError(c, err)
			return
		}
		ctx := c.Request.Context()
		now, key := h.cfg.Now(), "user:"+p.AccountID+"/"+p.Actor.ID
		if ok, _ := h.cfg.PerEmail.Allow(key, now); !ok {
			WriteError(c, &RequestError{Status: http.StatusTooManyRequests, Code: "too_many_attempts", Message: "too many wrong passwords; try again later"})
			return
		}
		hash, err := h.cfg.Store.PasswordHash(ctx, p.AccountID, p.Actor.ID)
		if err != nil {
			WriteError(c, err)
			return
		}
		if ok, err := h.cfg.Hasher.Verify(ctx, hash, body.CurrentPassword); err != nil || !ok {
			h.cfg.PerEmail.Fail(key, now)
			WriteError(c, firstErr(err, domain.Forbidden("wrong_password", "the current password is wrong")))
			return
		}
		if err := auth.CheckPassword(body.NewPassword); err != nil {
			WriteError(c, weakPassword(err))
			return
		}
		meta := command.Meta{AccountID: p.AccountID, Actor: p.Actor, CommandID: uuid.NewString(), Session: p.Session}
		if _, err := accounts.Run(ctx, account.RecordPasswordChange{UserID: p.Actor.ID}, meta); err != nil {
			WriteError(c, err)
			return
		}
		newHash, err := h.cfg.Hasher.Hash(ctx, body.NewPassword)
		if err == nil {
			err = h.cfg.Store.SetPassword(ctx, p.AccountID, p.Actor.ID, newHash)
		}
		if err == nil {
			err = h.cfg.Store.EndUserSessions(ctx, p.AccountID, p.Actor.ID)
		}
		if err != nil {
			WriteError(c, err)
			return
		}
		h.clearCookie(c)
		c.Status(http.StatusNoContent)
	}
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
