// Package deploy holds Parley's container image (Dockerfile) and its
// production topology (compose.yaml: EventStoreDB, PostgreSQL,
// Elasticsearch, and the parley binary once per role). Its tests check both
// against the binary's real flags, since no container engine runs in CI.
package deploy
