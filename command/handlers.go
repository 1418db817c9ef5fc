package command

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/domain/conversation"
)

// AgentDirectory answers which agent ids exist in an account, so that a
// note's @mentions can be checked. Until the accounts issue lands it may be
// a configured list.
type AgentDirectory interface {
	AgentIDs(ctx context.Context, accountID string) ([]string, error)
}

// Handlers runs Parley's conversation and contact commands.
type Handlers struct {
	exec          *Executor
	conversations Aggregate[conversation.State, conversation.Command]
	contacts      Aggregate[contact.State, contact.Command]
	agents        AgentDirectory
	freshViews    FreshViews // optional: see RequireFreshViews
}

// NewHandlers builds the command handlers over an event store.
func NewHandlers(store EventStore, agents AgentDirectory, now func() time.Time) (*Handlers, error) {
	convCodec, err := conversation.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("command: conversation codec: %w", err)
	}
	contactCodec, err := contact.NewCodec()
	if err != nil {
		return nil, fmt.Errorf("command: contact codec: %w", err)
	}
	return &Handlers{
		exec:          NewExecutor(store, now),
		conversations: NewAggregate(Aggregate[conversation.State, conversation.Command]{Stream: conversation.StreamName, Codec: convCodec, Evolve: conversation.Evolve, Decide: conversation.Decide}, 0),
		contacts:      NewAggregate(Aggregate[contact.State, contact.Command]{Stream: contact.StreamName, Codec: contactCodec, Evolve: contact.Evolve, Decide: contact.Decide}, 0),
		agents:        agents,
	}, nil
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$`)

// ValidID reports whether id may name a conversation or contact.
func ValidID(id string) bool { return idPattern.MatchString(id) }

func checkID(field, id string) error {
	if !ValidID(id) {
		return domain.Invalid(field, "invalid_id", "must be 1-100 characters of letters, digits, '_', '.', ':' or '-', starting with a letter or digit")
	}
	return nil
}

// Conversation runs a conversation command.
func (h *Handlers) Conversation(ctx context.Context, id string, c conversation.Command, meta Meta) (Result, error) {
	if err := checkID("id", id); err != nil {
		return Result{}, err
	}
	if note, ok := c.(conversation.AddNote); ok && len(note.Mentions) > 0 {
		known, err := h.agents.AgentIDs(ctx, meta.AccountID)
		if err != nil {
			return Result{}, fmt.Errorf("command: list agents: %w", err)
		}
		note.KnownAgents = known
		c = note
	}
	agg, err := h.guardReply(ctx, id, c, meta)
	if err != nil {
		return Result{}, err
	}
	return Execute(ctx, h.exec, agg, id, c, meta)
}

// Contact runs a contact command.
func (h *Handlers) Contact(ctx context.Context, id string, c contact.Command, meta Meta) (Result, error) {
	if err := checkID("id", id); err != nil {
		return Result{}, err
	}
	return Execute(ctx, h.exec, h.contacts, id, c, meta)
}

// MergeContacts merges source into target, recording it on both streams:
// first on the source, then on the target. If the target refuses, the
// source's merge is undone, so neither stream is left half-merged. A retry
// with the same command id completes whatever half is missing.
func (h *Handlers) MergeContacts(ctx context.Context, sourceID, targetID string, meta Meta) (Result, error) {
	if err := checkID("target_id", targetID); err != nil {
		return Result{}, err
	}
	if sourceID == targetID {
		return Result{}, domain.Invalid("target_id", "merge_into_self", "a contact cannot be merged into itself")
	}
	if _, err := h.Contact(ctx, sourceID, contact.MergeInto{TargetID: targetID}, meta); err != nil {
		return Result{}, err
	}
	other := meta
	other.IfMatch = nil // If-Match names the source's revision, not the target's
	res, err := h.Contact(ctx, targetID, contact.AbsorbMerge{SourceID: sourceID}, other)
	if err != nil {
		undo := other
		undo.CommandID = meta.CommandID + ":undo"
		undo.CausationID = meta.CommandID
		if _, uerr := h.Contact(ctx, sourceID, contact.Unmerge{}, undo); uerr != nil {
			return Result{}, fmt.Errorf("command: merge refused by target (%w) and undo failed: %v", err, uerr)
		}
		return Result{}, err
	}
	return res, nil
}

// UnmergeContacts undoes a merge on both streams (source first).
func (h *Handlers) UnmergeContacts(ctx context.Context, sourceID, targetID string, meta Meta) (Result, error) {
	if err := checkID("target_id", targetID); err != nil {
		return Result{}, err
	}
	if _, err := h.Contact(ctx, sourceID, contact.Unmerge{}, meta); err != nil {
		return Result{}, err
	}
	other := meta
	other.IfMatch = nil
	return h.Contact(ctx, targetID, contact.UnmergeFrom{SourceID: sourceID}, other)
}

// StaticAgents is an AgentDirectory over a fixed list, used until agents are
// event-sourced configuration.
type StaticAgents map[string][]string

// AgentIDs returns the account's configured agent ids.
func (s StaticAgents) AgentIDs(_ context.Context, accountID string) ([]string, error) {
	return s[accountID], nil
}
