package config

import (
	"errors"
	"fmt"
	"strings"

	"github.com/parley-inbox/parley/domain"
)

// APIKey is one entry of --api-keys: a secret and who it stands for.
type APIKey struct {
	Secret    string
	AccountID string
	Actor     domain.Actor
}

// ParseAPIKeys reads "key=account:actorKind:actorID,..." (the format of
// --api-keys / PARLEY_API_KEYS). Errors never repeat a secret.
func ParseAPIKeys(s string) ([]APIKey, error) {
	var keys []APIKey
	var errs []error
	for i, entry := range strings.Split(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		secret, who, ok := strings.Cut(entry, "=")
		parts := strings.SplitN(who, ":", 3)
		if !ok || secret == "" || len(parts) != 3 || parts[0] == "" {
			errs = append(errs, fmt.Errorf("--api-keys entry %d: want key=account:actorKind:actorID", i+1))
			continue
		}
		actor := domain.Actor{Kind: domain.ActorKind(parts[1]), ID: parts[2]}
		if !actor.Valid() {
			errs = append(errs, fmt.Errorf("--api-keys entry %d: invalid actor %q (kinds: agent, contact, bot, system, api_client)", i+1, parts[1]+":"+parts[2]))
			continue
		}
		keys = append(keys, APIKey{Secret: secret, AccountID: parts[0], Actor: actor})
	}
	return keys, errors.Join(errs...)
}

// String formats a key as one --api-keys entry.
func (k APIKey) String() string {
	return fmt.Sprintf("%s=%s:%s:%s", k.Secret, k.AccountID, k.Actor.Kind, k.Actor.ID)
}
