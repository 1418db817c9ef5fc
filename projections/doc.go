// Package projections runs Parley's read-model projectors. A read model
// (projections/inbox, projections/live, ...) implements Projector; Runtime
// feeds it every event of the log in position order, each projector as one
// Watermill handler (see projections/eventsub) behind the recoverer, a
// bounded retry and Prometheus metrics.
//
// Guarantees:
//   - Exactly-once effect: view rows and the projector's checkpoint
//     (projection_checkpoints) commit in one transaction; events at or below
//     the checkpoint are skipped, so redelivery, restarts and even two
//     processes running the same projector apply each event once.
//   - Order: one event (or, while catching up, one run of consecutive events)
//     at a time; event types a projector does not handle are checkpointed too.
//   - No silent skips: an event that still fails after the retries is parked
//     (parked_events, an error log, parley_projection_events_parked_total) and
//     its projector halts until Unpark; it then resumes from its checkpoint.
//   - Progress: every commit sends one NOTIFY on NotifyChannel; Progress turns
//     those (and in-process commits) into bounded read-your-writes waits.
//
// Rebuild replays the log straight into a projector, in large transactions,
// under a checkpoint name of its choosing (for side-by-side v2 tables);
// ReadStatus and Runtime.Status report checkpoint, head, lag and parked
// events. Migrate creates the tables; its versions are kept in
// projection_migrations.
package projections
