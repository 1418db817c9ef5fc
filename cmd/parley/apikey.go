package main

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/parley-inbox/parley/api"
	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/internal/config"
)

// apiKeyFile holds the embedded run's generated key, as one --api-keys entry.
const apiKeyFile = "api-key"

// embeddedKey returns the key stored in dataDir, creating it on first start:
// agent "admin" of account "local".
func embeddedKey(dataDir string) (key config.APIKey, created bool, err error) {
	path := filepath.Join(dataDir, apiKeyFile)
	b, err := os.ReadFile(path)
	if err == nil {
		keys, err := config.ParseAPIKeys(strings.TrimSpace(string(b)))
		if err != nil || len(keys) != 1 {
			return key, false, fmt.Errorf("%s: want one key=account:actorKind:actorID line: %w", path, err)
		}
		return keys[0], false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return key, false, fmt.Errorf("read API key: %w", err)
	}
	var secret [24]byte
	_, _ = rand.Read(secret[:]) // crypto/rand.Read never fails
	key = config.APIKey{
		Secret:    "pk_" + base64.RawURLEncoding.EncodeToString(secret[:]),
		AccountID: "local",
		Actor:     domain.Actor{Kind: domain.ActorAgent, ID: "admin"},
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return key, false, fmt.Errorf("create data dir: %w", err)
	}
	if err := os.WriteFile(path, []byte(key.String()+"\n"), 0o600); err != nil {
		return key, false, fmt.Errorf("store API key: %w", err)
	}
	return key, true, nil
}

// authenticator builds the API key authenticator from the configured keys.
func authenticator(keys []config.APIKey) (*api.APIKeys, error) {
	out := make([]api.APIKey, len(keys))
	for i, k := range keys {
		out[i] = api.APIKey{Secret: k.Secret, Principal: api.Principal{AccountID: k.AccountID, Actor: k.Actor}}
	}
	return api.NewAPIKeys(out)
}

// curlHint is printed by the embedded run so that the first request is one
// paste away.
func curlHint(key config.APIKey, commandAddr string, created bool) string {
	how := "stored in"
	if created {
		how = "generated and stored in"
	}
	return fmt.Sprintf(`
Parley is running. Your API key (account %q, %s) is %s the data directory. Try:

  curl -H 'Authorization: Bearer %s' http://%s/api/v1/whoami

`, key.AccountID, key.Actor, how, key.Secret, commandAddr)
}
