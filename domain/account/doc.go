// Package account is the pure domain of an account's configuration: one
// stream per account ("account-<id>") holding its users (agents with a
// role), custom roles, teams, inboxes and API tokens, so that auditors see
// who changed what.
//
// One stream per account keeps every cross-entity rule a plain check on the
// state: e-mails are unique in the account, a team's members and an inbox's
// agents and teams exist, a role in use cannot be archived, and the last
// active administrator can be neither archived nor demoted. Configuration
// changes are rare, so one stream does not contend.
//
// Secrets never enter the log: PasswordChanged and TokenIssued record that
// a credential was set, not the credential; the hashes live in the auth
// package's tables. Entities are archived, never deleted: ids stay taken.
//
// The command side calls Decide(state, command, by, now); by and now are
// used only to check a token's expiry against now.
package account
