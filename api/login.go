package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/auth"
	"github.com/parley-inbox/parley/command"
	"github.com/parley-inbox/parley/domain/account"
	"github.com/parley-inbox/parley/projections/directory"
)

// LoginConfig configures RegisterLoginRoutes.
type LoginConfig struct {
	Store     *auth.Store       // required
	Directory *directory.Reader // required
	Hasher    *auth.Hasher      // required
	// PerEmail and PerAddress limit failed logins; by default 5 per e-mail
	// and 50 per client address every 15 minutes.
	PerEmail, PerAddress *auth.Limiter
	Sessions             auth.SessionPolicy
	// InsecureCookie drops the cookie's Secure flag, for plain-HTTP local
	// runs only (browsers treat localhost as secure anyway).
	InsecureCookie bool
	Now            func() time.Time
	// Accounts, if set, enables POST /auth/password (users change their
	// own password).
	Accounts *command.Accounts
}

func (c *LoginConfig) setDefaults() {
	if c.PerEmail == nil {
		c.PerEmail = auth.NewLimiter(5, 15*time.Minute, 100_000)
	}
	if c.PerAddress == nil {
		c.PerAddress = auth.NewLimiter(50, 15*time.Minute, 100_000)
	}
	if c.Sessions == (auth.SessionPolicy{}) {
		c.Sessions = auth.DefaultSessionPolicy()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Validate reports every missing dependency.
func (c LoginConfig) Validate() error {
	var errs []error
	if c.Store == nil || c.Directory == nil || c.Hasher == nil {
		errs = append(errs, errors.New("api: LoginConfig needs Store, Directory and Hasher"))
	}
	return errors.Join(errs...)
}

type loginRoutes struct{ cfg LoginConfig }

// loginBody is POST /auth/login. AccountID picks the account when one
// e-mail belongs to users of several.
type loginBody struct {
	Email     string `json:"email"`
	Password  string `json:"password"`
	AccountID string `json:"account_id,omitempty"`
}

// RegisterLoginRoutes adds POST /api/v1/auth/login and /auth/logout (no
// credential needed), GET /api/v1/auth/me and, with Accounts, POST
// /api/v1/auth/password (behind authn).
func RegisterLoginRoutes(engine *gin.Engine, authn Authenticator, cfg LoginConfig) error {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return err
	}
	h := &loginRoutes{cfg: cfg}
	engine.POST(BasePath+"/auth/login", h.login)
	engine.POST(BasePath+"/auth/logout", h.logout)
	engine.GET(BasePath+"/auth/me", RequireAuth(authn), h.me)
	if cfg.Accounts != nil {
		engine.POST(BasePath+"/auth/password", RequireAuth(authn), h.changePassword(cfg.Accounts))
	}
	return nil
}

// errBadLogin is the one answer to a wrong e-mail or password.
var errBadLogin = fmt.Errorf("%w: invalid e-mail or password", ErrUnauthenticated)

func (h *loginRoutes) login(c *gin.Context) {
	c.Set(opKey, "auth.login")
	c.Set(maxBodyKey, int64(4<<10))
	var body loginBody
	if err := DecodeJSON(c, &body); err != nil {
		WriteError(c, err)
		return
	}
	now := h.cfg.Now()
	email := account.NormalizeEmail(body.Email)
	emailKey, addrKey := "email:"+email, "addr:"+c.ClientIP()
	for _, lim := range []struct {
		l   *auth.Limiter
		key string
	}{{h.cfg.PerEmail, emailKey}, {h.cfg.PerAddress, addrKey}} {
		if ok, wait := lim.l.Allow(lim.key, now); !ok {
			c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			WriteError(c, &RequestError{Status: http.StatusTooManyRequests, Code: "too_many_attempts", Message: "too many failed logins; try again later"})
			return
		}
	}
	who, err := h.verify(c.Request.Context(), email, body.Password, body.AccountID)
	if err != nil {
		if errors.Is(err, errBadLogin) {
			h.cfg.PerEmail.Fail(emailKey, now)
			h.cfg.PerAddress.Fail(addrKey, now)
		}
		WriteError(c, err)
		return
	}
	h.cfg.PerEmail.Reset(emailKey)
	id := auth.NewSessionID()
	sess, err := h.cfg.Store.CreateSession(c.Request.Context(), id, who.AccountID, who.UserID, h.cfg.Sessions, now)
	if err != nil {
		WriteError(c, err)
		return
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: SessionCookie, Value: id, Path: "/", HttpOnly: true, Secure: !h.cfg.InsecureCookie,
		SameSite: http.SameSiteStrictMode, MaxAge: int(h.cfg.Sessions.Absolute.Seconds()),
	})
	c.JSON(http.StatusOK, gin.H{"account_id": who.AccountID, "user_id": who.UserID, "csrf_token": sess.CSRF, "expires_at": sess.ExpiresAt})
}

// verify finds the active user with this e-mail (in accountID, if given)
// whose password matches. Unknown e-mails cost one hash, like wrong
// passwords, and get the same answer.
func (h *loginRoutes) verify(ctx context.Context, email, password, accountID string) (directory.Login, error) {
	users, err := h.cfg.Directory.UsersByEmail(ctx, email)
	if err != nil {
		return directory.Login{}, err
	}
	tried := false
	for _, u := range users {
		if accountID != "" && u.AccountID != accountID {
			continue
		}
		hash, err := h.cfg.Store.PasswordHash(ctx, u.AccountID, u.UserID)
		if err != nil {
			return directory.Login{}, err
		}
		if hash == "" {
			continue
		}
		tried = true
		ok, err := h.cfg.Hasher.Verify(ctx, hash, password)
		if err != nil {
			return directory.Login{}, err
		}
		if ok {
			return u, nil
		}
	}
	if !tried {
		if _, err := h.cfg.Hasher.Verify(ctx, "", password); err != nil {
			return directory.Login{}, err
		}
	}
	return directory.Login{}, errBadLogin
}

func (h *loginRoutes) logout(c *gin.Context) {
	c.Set(opKey, "auth.logout")
	if ck, err := c.Request.Cookie(SessionCookie); err == nil && ck.Value != "" {
		if err := h.cfg.Store.DeleteSession(c.Request.Context(), ck.Value); err != nil {
			WriteError(c, err)
			return
		}
	}
	h.clearCookie(c)
	c.Status(http.StatusNoContent)
}

func (h *loginRoutes) clearCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: !h.cfg.InsecureCookie,
		SameSite: http.SameSiteStrictMode, MaxAge: -1})
}

// me describes the caller's access; a session caller also gets its CSRF
// token back (the web inbox needs it after a reload).
func (h *loginRoutes) me(c *gin.Context) {
	c.Set(opKey, "auth.me")
	p, _ := PrincipalFrom(c)
	out := gin.H{
		"account_id": p.AccountID, "actor": p.Actor, "role": p.Access.Role, "permissions": p.Access.Permissions.Names(),
		"scope": p.Access.Scope, "inboxes": nonNilStrings(p.Access.Inboxes), "teams": nonNilStrings(p.Access.Teams),
	}
	if ck, err := c.Request.Cookie(SessionCookie); err == nil && c.GetHeader("Authorization") == "" {
		if sess, err := h.cfg.Store.Session(c.Request.Context(), ck.Value, h.cfg.Sessions, h.cfg.Now()); err == nil {
			out["csrf_token"] = sess.CSRF
		}
	}
	c.JSON(http.StatusOK, out)
}

func nonNilStrings(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}
