// Package faults is Parley's fault-injection suite: it generates a realistic
// log (internal/seed plus every remaining event type and every old schema
// version, written as raw payloads), rebuilds every PostgreSQL projection
// from scratch as the oracle, then runs the projectors under one fault at a
// time (duplicated deliveries, shuffled streams, kills at random points,
// concurrent appenders behind a long transaction, poison events, the event
// store cut off under command load) and compares each outcome with the
// oracle, table by table.
//
// The suite is the test TestFaults; this package holds what it needs that
// is worth reading on its own: the extra-history generator, the
// fingerprints, a TCP proxy that can be cut, and the fault wrappers around
// stores and projectors. Seeds are fixed (PARLEY_FAULTS_SEED), every step
// is bounded, and it prints a summary table for docs/reliability.md.
package faults
