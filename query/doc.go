// Package query answers the inbox's read requests from the PostgreSQL views
// the inbox projector keeps (projections/inbox): conversation lists with
// filters, sorts, keyset pagination and tab counts, one conversation, one
// contact with its previous conversations, and contact search.
//
// Every query is scoped by the caller's account (Viewer.AccountID, from the
// credential): another account's ids are not found. Handles (phone numbers,
// e-mail addresses, channel ids) leave masked unless the viewer may see PII.
// Input errors are *domain.Error of kind invalid whose Field names the query
// parameter; the HTTP layer answers them 400.
package query
