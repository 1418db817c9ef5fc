// Package conversation is the pure domain of a conversation: one stream per
// contact per inbox ("conversation-<id>"), living across sessions. A session
// runs from an opening (or reopening) to a closing and is numbered from 1.
//
// The package is pure: no I/O, no clock, no globals. The command side loads a
// stream, folds it with Evolve, calls
//
//	Decide(state, command, by, now)
//
// and appends the returned events. by is the actor the handler derived from
// the credential (commands never carry account or actor in their body).
// Accept and MarkRead act for by (which must be an agent), and a contact may
// not SendMessage or AddNote. now is the handler's clock. An Open without a
// first inbound message is agent-initiated; on WhatsApp it must carry a
// template as its first outbound message.
//
// Choices worth knowing:
//   - Tags are unique case-insensitively and keep their display case.
//     Applying a tag that is present in any case, and removing a tag that is
//     absent, decide no events and no error (both are idempotent).
//   - Note mentions: AddNote.KnownAgents (json:"-", filled by the handler from
//     the account's agents) is the set of valid agent ids; every id in
//     Mentions must be in it, or the note is rejected on field "mentions".
//   - Receiving a message id already received decides nothing (provider
//     webhooks are retried); sending an existing message id is a conflict.
//   - Delivery statuses only move forward (queued < sent < delivered < read);
//     a late older status, a repeated status, anything after failed, and
//     failed after delivered/read decide nothing.
//   - An inbound message on a closed or snoozed conversation reopens it and
//     starts a new session (reopened + session_started, then
//     message_received). Reopen does the same for agents.
//   - On WhatsApp, free-form outbound messages need the customer's last
//     inbound message to be less than 24 hours old; otherwise only templates
//     pass (conflict "whatsapp_window_closed", saying when it closed).
//   - Assigning the current assignee, the current team, the current
//     priority, unassigning nobody and linking a linked reference are no-ops.
//
// Events carry no conversation id: the stream name holds it (IDFromStream).
package conversation
