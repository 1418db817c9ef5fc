package api

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/parley-inbox/parley/auth"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/projections/directory"
)

// SessionCookie is the name of the web inbox's session cookie.
const SessionCookie = "parley_session"

// CSRFHeader must echo the session's CSRF token on every unsafe request
// authenticated by the session cookie.
const CSRFHeader = "X-CSRF-Token"

// CredentialConfig configures NewCredentials.
type CredentialConfig struct {
	Keys      *APIKeys          // operator-configured keys (PARLEY_API_KEYS); optional
	Store     *auth.Store       // credential hashes and sessions; required
	Directory *directory.Reader // roles, permissions, inboxes; required
	Sessions  auth.SessionPolicy
	Now       func() time.Time
	Logger    *slog.Logger
}

func (c *CredentialConfig) setDefaults() {
	if c.Sessions == (auth.SessionPolicy{}) {
		c.Sessions = auth.DefaultSessionPolicy()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Validate reports every missing dependency.
func (c CredentialConfig) Validate() error {
	var errs []error
	if c.Store == nil {
		errs = append(errs, errors.New("api: CredentialConfig.Store is required"))
	}
	if c.Directory == nil {
		errs = append(errs, errors.New("api: CredentialConfig.Directory is required"))
	}
	return errors.Join(errs...)
}

// Credentials authenticates every kind of Parley credential: bearer API
// tokens issued by the admin API ("prl_..."), operator-configured API keys,
// and the web inbox's session cookie (with CSRF protection for unsafe
// methods). The account and access always come from the credential.
type Credentials struct {
	cfg CredentialConfig
	// touched remembers when each token's last use was recorded, so that
	// a busy token costs one write a minute, not one per request.
	mu      sync.Mutex
	touched map[string]time.Time
}

// NewCredentials returns the authenticator.
func NewCredentials(cfg CredentialConfig) (*Credentials, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Credentials{cfg: cfg, touched: map[string]time.Time{}}, nil
}

// Authenticate implements Authenticator.
func (a *Credentials) Authenticate(r *http.Request) (Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, secret, _ := strings.Cut(h, " ")
		secret = strings.TrimSpace(secret)
		if strings.EqualFold(scheme, "Bearer") && strings.HasPrefix(secret, auth.TokenPrefix) {
			return a.token(r.Context(), secret)
		}
		if a.cfg.Keys == nil {
			return Principal{}, fmt.Errorf("%w: unknown API key", ErrUnauthenticated)
		}
		return a.cfg.Keys.Authenticate(r)
	}
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		return a.session(r, c.Value)
	}
	return Principal{}, fmt.Errorf("%w: no credential (send Authorization: Bearer <token>, or log in)", ErrUnauthenticated)
}

func (a *Credentials) token(ctx context.Context, presented string) (Principal, error) {
	id, secret, ok := auth.ParseToken(presented)
	if !ok {
		return Principal{}, fmt.Errorf("%w: malformed API token", ErrUnauthenticated)
	}
	stored, err := a.cfg.Store.Token(ctx, id)
	if errors.Is(err, auth.ErrNotFound) {
		return Principal{}, fmt.Errorf("%w: unknown API token", ErrUnauthenticated)
	}
	if err != nil {
		return Principal{}, fmt.Errorf("api: authenticate token: %w", err)
	}
	if subtle.ConstantTimeCompare(stored.Hash, auth.HashSecret(secret)) != 1 {
		return Principal{}, fmt.Errorf("%w: unknown API token", ErrUnauthenticated)
	}
	if stored.Revoked {
		return Principal{}, fmt.Errorf("%w: the API token was revoked", ErrUnauthenticated)
	}
	info, err := a.cfg.Directory.TokenAccess(ctx, stored.AccountID, id)
	if errors.Is(err, directory.ErrNotFound) {
		return Principal{}, fmt.Errorf("%w: the API token was revoked", ErrUnauthenticated)
	}
	if err != nil {
		return Principal{}, fmt.Errorf("api: authenticate token: %w", err)
	}
	now := a.cfg.Now()
	if info.ExpiresAt != nil && !now.Before(*info.ExpiresAt) {
		return Principal{}, fmt.Errorf("%w: the API token expired", ErrUnauthenticated)
	}
	if a.shouldTouch(id, now) {
		if err := a.cfg.Store.TouchToken(ctx, id, now); err != nil {
			a.cfg.Logger.WarnContext(ctx, "token last-used not recorded", "token_id", id, "error", err.Error())
		}
	}
	kind := domain.ActorAPIClient
	if info.Kind == string(domain.ActorBot) {
		kind = domain.ActorBot
	}
	return Principal{AccountID: stored.AccountID, Actor: domain.Actor{Kind: kind, ID: info.ClientID}, Session: "token:" + id, Access: info.Access}, nil
}

// shouldTouch reports whether token id's use is due to be recorded.
func (a *Credentials) shouldTouch(id string, now time.Time) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if last, ok := a.touched[id]; ok && now.Sub(last) < time.Minute {
		return false
	}
	if len(a.touched) >= 10_000 {
		clear(a.touched) // bounded: forgetting only costs a write
	}
	a.touched[id] = now
	return true
}

func (a *Credentials) session(r *http.Request, id string) (Principal, error) {
	ctx := r.Context()
	sess, err := a.cfg.Store.Session(ctx, id, a.cfg.Sessions, a.cfg.Now())
	if errors.Is(err, auth.ErrNotFound) {
		return Principal{}, fmt.Errorf("%w: the session ended; log in again", ErrUnauthenticated)
	}
	if err != nil {
		return Principal{}, fmt.Errorf("api: authenticate session: %w", err)
	}
	if err := checkCSRF(r, sess.CSRF); err != nil {
		return Principal{}, err
	}
	access, err := a.cfg.Directory.UserAccess(ctx, sess.AccountID, sess.UserID)
	if errors.Is(err, directory.ErrNotFound) {
		return Principal{}, fmt.Errorf("%w: the user is no longer active", ErrUnauthenticated)
	}
	if err != nil {
		return Principal{}, fmt.Errorf("api: authenticate session: %w", err)
	}
	return Principal{
		AccountID: sess.AccountID,
		Actor:     domain.Actor{Kind: domain.ActorAgent, ID: sess.UserID},
		Session:   "session:" + fmt.Sprintf("%x", auth.HashSecret(id)[:6]),
		Access:    access,
	}, nil
}

// checkCSRF guards cookie-authenticated unsafe requests: the CSRF header
// must echo the session's token, and a browser's Origin must be this host.
func checkCSRF(r *http.Request, want string) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return domain.Forbidden("csrf_failed", "cross-origin request refused")
		}
	}
	got := r.Header.Get(CSRFHeader)
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return domain.Forbidden("csrf_failed", "missing or wrong "+CSRFHeader+" header")
	}
	return nil
}
