// Package eventstore defines Parley's event store port: the records it keeps,
// the expected-revision rules of an append, its errors, and the Store
// interface every adapter (postgres, esdb) implements. The shared contract
// suite in eventstore/contract runs against every adapter.
package eventstore
