// Package domaintest holds the test harness shared by the aggregate
// packages: given-when-then table tests over a Decide/Evolve pair, and the
// golden-file check of an event codec (every event type, every schema
// version). It is imported only by tests.
package domaintest
