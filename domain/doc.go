// Package domain holds the vocabulary shared by Parley's aggregates: who acts
// (Actor), what every decided event carries, and the kinds of domain errors.
// It is pure Go: no I/O, no clock, no globals. The aggregates live in the
// sub-packages (conversation, contact).
package domain
