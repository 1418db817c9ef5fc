// Package seed generates realistic, deterministic inbox histories (contacts
// and conversations across channels, statuses, tags, agents, teams and
// messages) and appends them through the event store port. `parley seed`
// and `parley bench` use it.
//
// Histories are decided by the pure domain (conversation.Decide,
// contact.Decide), so every generated stream is one the command side could
// have written. Conversation i depends only on (Seed, i): workers generate in
// parallel and the result is the same whatever the concurrency.
package seed
