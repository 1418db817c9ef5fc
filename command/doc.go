// Package command is Parley's write side: each command handler loads an
// aggregate's stream, folds it into state, asks the pure domain to decide,
// and appends the resulting events with the expected revision — retrying a
// bounded number of times when another writer got there first.
//
// The event store port it needs (EventStore) is declared here, by its
// consumer; eventstore/postgres and eventstore/esdb satisfy it.
package command
