// Package contact is the pure domain of a contact ("contact-<id>"): profile,
// custom fields, channel identities, tags, the privacy flag and merges.
//
// Like package conversation it is pure; the command side calls
// Decide(state, command, by, now) and appends the events. by and now are
// passed for symmetry with the other aggregates; no contact rule depends on
// them today.
//
// Merges are recorded on both streams, so they are two commands the command
// side runs in turn: MergeInto on the source (contact.merged_into) and
// AbsorbMerge on the target (contact.merged_from). Undoing is the pair
// Unmerge (source, contact.unmerged) and UnmergeFrom (target,
// contact.unmerged_from). A merged source rejects every other command with
// a conflict ("contact_merged") naming its target; the target keeps the
// lineage (MergedFrom). Each step is idempotent so the pair can be retried.
//
// Tags behave as on conversations: unique case-insensitively, applying a
// present tag or removing an absent one decides nothing. Adding an identity
// the contact already has decides nothing; removing one it lacks is
// not-found. Cross-contact uniqueness of identities needs an index and is
// the command side's job.
package contact
