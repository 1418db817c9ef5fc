package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/parley-inbox/parley/auth"
	"github.com/parley-inbox/parley/domain/account"
)

// issuedToken answers POST /admin/tokens: the only time the secret is shown.
type issuedToken struct {
	CommandResult
	ID        string     `json:"id"`
	Token     string     `json:"token"`
	Kind      string     `json:"kind"`
	ClientID  string     `json:"client_id"`
	Role      string     `json:"role"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// issueToken is not an idempotent command route on purpose: its answer
// carries a secret, which must not be kept for replays. A retried request
// issues a second token; revoke the one that was not received.
func (h *adminRoutes) issueToken(c *gin.Context) {
	c.Set(opKey, account.IssueToken{}.CommandType())
	c.Set(commandIDKey, uuid.NewString())
	p, _ := PrincipalFrom(c)
	if err := requireAdmin(p); err != nil {
		WriteError(c, err)
		return
	}
	var body account.IssueToken
	if err := DecodeJSON(c, &body); err != nil {
		WriteError(c, err)
		return
	}
	id, token := auth.NewToken()
	body.TokenID = id
	ctx := c.Request.Context()
	// The hash is stored first: a token whose event failed is never
	// projected into the directory, so it cannot authenticate.
	if err := h.cfg.Store.AddToken(ctx, p.AccountID, id, auth.HashSecret(mustSecret(token))); err != nil {
		WriteError(c, err)
		return
	}
	res, err := h.cfg.Accounts.Run(ctx, body, metaOf(c, p, nil))
	if err != nil {
		WriteError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, issuedToken{CommandResult: CommandResult(res), ID: id, Token: token, Kind: body.Kind,
		ClientID: body.ClientID, Role: body.Role, ExpiresAt: body.ExpiresAt})
}

// mustSecret returns the secret part of a token NewToken just made.
func mustSecret(token string) string {
	_, secret, _ := auth.ParseToken(token)
	return secret
}
