// Package presence holds Parley's ephemeral collaboration state: whether
// agents are online, away or offline (from the web inbox's heartbeats, with
// a timeout), and per conversation who is viewing, who is typing (agent or
// customer) and who is recording audio. None of it is event-sourced: it
// lives in memory, expires by itself, and is shared between processes with
// PostgreSQL NOTIFY on Channel — every process applies every notice, so
// each Store holds the whole picture.
//
// A Store serves three kinds of readers: the API (GET presence, viewers),
// the live stream (Subscribe delivers Changes of one account), and the
// assigner (Availability). Hidden presence (the presence.hide permission)
// is a flag on the agent and their signals; it is for readers to honour
// (the assigner still sees a hidden agent as available).
//
// CheckFreshView is the hook behind the optional rule "a reply from an
// agent whose view is older than the latest customer message is refused":
// viewing signals carry the newest customer message time on screen.
//
// Limits: a process that starts learns agents' presence from their next
// heartbeat (every HeartbeatHint); until then they count as offline since
// the Store started.
package presence
