// Package auth holds Parley's credentials, kept out of the event log:
// argon2id password hashes, the SHA-256 hashes of API tokens and of session
// ids, and login rate limiting. The log records that a credential was set
// or revoked (domain/account); this package stores the secret's hash in
// PostgreSQL (schema "auth") and checks presented secrets against it.
//
// Secrets are generated here, shown once by the caller, and never stored in
// clear: tokens are "prl_<token id>_<secret>", session cookies carry a
// random id whose hash is the session's key.
package auth
