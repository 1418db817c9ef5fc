// Package authz is Parley's permission model as pure functions: the
// permissions a role combines, the built-in roles, whether a subject may see
// or act on a conversation, the SQL condition that scopes list queries to
// what a subject may see, and the masking of contact PII for subjects
// without the permission. It does no I/O: the API layer resolves a
// credential into a Subject, and the query, search and stream code ask this
// package what that subject may see.
package authz
