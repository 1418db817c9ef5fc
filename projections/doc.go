// Package projections runs Parley's read-model projectors: it feeds each one
// every event of the log in order through a Watermill router (see
// projections/eventsub), applies each event in one PostgreSQL transaction
// together with the projector's checkpoint, parks a poison event and halts
// its projector loudly, announces committed progress with NOTIFY (Progress
// turns that into read-your-writes waits), rebuilds views straight from the
// log, and reports status. Read models (projections/inbox, ...) implement
// Projector.
//
// Tables (see Migrate): projection_checkpoints, parked_events and the
// component's own version table projection_migrations.
package projections
