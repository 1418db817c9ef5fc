// Package directory is the read model of account configuration: accounts,
// users, custom roles, teams, inboxes, API tokens, the tag catalogue and
// quick replies, projected from the account streams (domain/account) into
// the PostgreSQL schema "directory".
//
// The authenticators resolve a credential's access from it (role,
// permissions, inbox membership) on every request, the admin API lists
// from it, and the command side asks it which agents exist. Rows keep the
// stream revision of their last change as the redelivery guard.
package directory
