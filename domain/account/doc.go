// Package account is the pure domain of an account's configuration: one
// stream per account ("account-<id>") holding its users (agents with a
// role), custom roles, teams, inboxes, API tokens, the tag catalogue and
// quick replies, so that auditors see who changed what.
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
// The tag catalogue and quick replies live on the same stream. Quick
// replies are shared (account or team: administrators manage them; the API
// sets AsAdmin from the caller's permission) or personal (the acting agent,
// by, owns them; others see someone else's personal reply as missing).
// Render fills their variables, {{ contact.first_name | "there" }}.
//
// The command side calls Decide(state, command, by, now); now checks a
// token's expiry.
package account
