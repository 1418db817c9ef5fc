package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/authz"
)

// Principal is who makes a request: the account (tenant) and actor come from
// the credential only, never from the path or the body.
type Principal struct {
	AccountID string
	Actor     domain.Actor
	// Session names the credential or agent session, for auditors; it is not
	// a secret.
	Session string
	// Access is what the credential allows in its account (role,
	// permissions, scope, inboxes). The zero value allows nothing; keys
	// configured with NewAPIKeys get authz.Full unless they set it.
	Access authz.Access
}

// Subject is the principal as the permission checks of package authz see
// it: an agent acts as themselves; API clients and bots have no user id.
func (p Principal) Subject() authz.Subject {
	s := authz.Subject{AccountID: p.AccountID, Access: p.Access, Bot: p.Actor.Kind == domain.ActorBot}
	if p.Actor.Kind == domain.ActorAgent {
		s.UserID = p.Actor.ID
	}
	return s
}

// Authenticator turns a request's credential into a Principal. It returns an
// error wrapping ErrUnauthenticated when the credential is missing or unknown.
type Authenticator interface {
	Authenticate(r *http.Request) (Principal, error)
}

// ErrUnauthenticated: the request carries no valid credential (401).
var ErrUnauthenticated = errors.New("api: unauthenticated")

// APIKey is one configured key and the principal it stands for.
type APIKey struct {
	Secret    string
	Principal Principal
}

// APIKeys authenticates "Authorization: Bearer <key>" against configured
// keys. Keys are held by their SHA-256 so lookups do not compare secrets
// byte by byte.
type APIKeys struct {
	byHash map[[sha256.Size]byte]Principal
}

// NewAPIKeys checks the keys and returns an authenticator over them.
func NewAPIKeys(keys []APIKey) (*APIKeys, error) {
	a := &APIKeys{byHash: make(map[[sha256.Size]byte]Principal, len(keys))}
	var errs []error
	for i, k := range keys {
		switch {
		case k.Secret == "":
			errs = append(errs, fmt.Errorf("api key %d: empty secret", i+1))
			continue
		case k.Principal.AccountID == "":
			errs = append(errs, fmt.Errorf("api key %d: empty account", i+1))
			continue
		case !k.Principal.Actor.Valid():
			errs = append(errs, fmt.Errorf("api key %d: invalid actor %q", i+1, k.Principal.Actor))
			continue
		}
		h := sha256.Sum256([]byte(k.Secret))
		if _, dup := a.byHash[h]; dup {
			errs = append(errs, fmt.Errorf("api key %d: duplicate key", i+1))
			continue
		}
		p := k.Principal
		if p.Access.Role == "" {
			p.Access = authz.Full() // operator-configured: the whole account
		}
		if p.Session == "" {
			p.Session = "apikey:" + hex.EncodeToString(h[:])[:12]
		}
		a.byHash[h] = p
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return a, nil
}

// Authenticate implements Authenticator.
func (a *APIKeys) Authenticate(r *http.Request) (Principal, error) {
	h := r.Header.Get("Authorization")
	scheme, secret, ok := strings.Cut(h, " ")
	if h == "" {
		return Principal{}, fmt.Errorf("%w: no credential (send Authorization: Bearer <key>)", ErrUnauthenticated)
	}
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
		return Principal{}, fmt.Errorf("%w: the Authorization header must be \"Bearer <key>\"", ErrUnauthenticated)
	}
	p, found := a.byHash[sha256.Sum256([]byte(strings.TrimSpace(secret)))]
	if !found {
		return Principal{}, fmt.Errorf("%w: unknown API key", ErrUnauthenticated)
	}
	return p, nil
}

type principalKey struct{}

// RequireAuth authenticates every request of the routes it guards and puts
// the Principal in the request's context; it answers 401 otherwise.
func RequireAuth(auth Authenticator) gin.HandlerFunc {
	return func(c *gin.Context) {
		p, err := auth.Authenticate(c.Request)
		if err != nil {
			WriteError(c, err)
			c.Abort()
			return
		}
		c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), principalKey{}, p))
		c.Next()
	}
}

// PrincipalFrom returns the authenticated principal of the request.
func PrincipalFrom(c *gin.Context) (Principal, bool) {
	return PrincipalFromContext(c.Request.Context())
}

// PrincipalFromContext returns the principal RequireAuth put in ctx.
func PrincipalFromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}
