package contact

import (
	"maps"
	"slices"
	"time"

	"github.com/parley-inbox/parley/domain"
)

// Stable error codes of contact decisions.
const (
	CodeNotFound            = "contact_not_found"
	CodeAlreadyExists       = "contact_exists"
	CodeMerged              = "contact_merged"
	CodeNotMerged           = "contact_not_merged"
	CodeNotMergedFrom       = "not_merged_from"
	CodeIdentityNotFound    = "identity_not_found"
	CodeTooManyIdentities   = "too_many_identities"
	CodeTooManyTags         = "too_many_tags"
	CodeTooManyCustomFields = "too_many_custom_fields"
)

// Decide returns the events that c produces on s, or a *domain.Error. It
// never changes s; an empty result with a nil error is a no-op. by and now
// are unused by contact rules today (see the package comment).
func Decide(s State, c Command, by domain.Actor, now time.Time) ([]domain.Event, error) {
	if c == nil {
		return nil, domain.Invalid("", domain.CodeRequired, "a command is required")
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if create, ok := c.(CreateContact); ok {
		if s.Exists() {
			return nil, domain.Conflict(CodeAlreadyExists, "the contact already exists")
		}
		return []domain.Event{Created(create)}, nil
	}
	if !s.Exists() {
		return nil, domain.NotFound(CodeNotFound, "the contact does not exist")
	}
	if s.MergedInto != "" {
		return decideWhileMerged(s, c)
	}
	switch c := c.(type) {
	case UpdateProfile:
		return decideUpdate(s, c)
	case AddIdentity:
		id, _ := NormalizeIdentity(c.Kind, c.Value)
		if findIdentity(s.Identities, id) >= 0 {
			return nil, nil
		}
		if len(s.Identities) >= MaxIdentities {
			return nil, domain.Conflict(CodeTooManyIdentities, "a contact has at most %d identities", MaxIdentities)
		}
		return []domain.Event{IdentityAdded(id)}, nil
	case RemoveIdentity:
		id, _ := NormalizeIdentity(c.Kind, c.Value)
		if findIdentity(s.Identities, id) < 0 {
			return nil, domain.NotFound(CodeIdentityNotFound, "the contact has no %s %q", id.Kind, id.Value)
		}
		return []domain.Event{IdentityRemoved(id)}, nil
	case ApplyTag:
		if domain.FindTag(s.Tags, c.Tag) >= 0 {
			return nil, nil
		}
		if len(s.Tags) >= domain.MaxTags {
			return nil, domain.Conflict(CodeTooManyTags, "a contact has at most %d tags", domain.MaxTags)
		}
		return []domain.Event{TagApplied(c)}, nil
	case RemoveTag:
		i := domain.FindTag(s.Tags, c.Tag)
		if i < 0 {
			return nil, nil
		}
		return []domain.Event{TagRemoved{Tag: s.Tags[i]}}, nil
	case MarkPrivate:
		return when(!s.Private, MarkedPrivate{}), nil
	case UnmarkPrivate:
		return when(s.Private, UnmarkedPrivate{}), nil
	}
	return decideMerge(s, c)
}

// decideWhileMerged allows only the commands that keep or undo the merge.
func decideWhileMerged(s State, c Command) ([]domain.Event, error) {
	switch c := c.(type) {
	case Unmerge:
		return []domain.Event{Unmerged{TargetID: s.MergedInto}}, nil
	case MergeInto:
		if c.TargetID == s.MergedInto {
			return nil, nil // a retry of the same merge
		}
	}
	return nil, mergedError(s)
}

func decideMerge(s State, c Command) ([]domain.Event, error) {
	switch c := c.(type) {
	case MergeInto:
		return []domain.Event{MergedInto(c)}, nil
	case AbsorbMerge:
		return when(!slices.Contains(s.MergedFrom, c.SourceID), domain.Event(MergedFrom(c))), nil
	case Unmerge:
		return nil, domain.Conflict(CodeNotMerged, "the contact is not merged into another")
	case UnmergeFrom:
		if !slices.Contains(s.MergedFrom, c.SourceID) {
			return nil, domain.Conflict(CodeNotMergedFrom, "contact %q was not merged into this one", c.SourceID)
		}
		return []domain.Event{UnmergedFrom(c)}, nil
	}
	return nil, domain.Invalid("", "unknown_command", "unknown contact command %s", c.CommandType())
}

func decideUpdate(s State, c UpdateProfile) ([]domain.Event, error) {
	var e ProfileUpdated
	if c.DisplayName != nil && *c.DisplayName != s.DisplayName {
		e.DisplayName = c.DisplayName
	}
	if c.AvatarURL != nil && *c.AvatarURL != s.AvatarURL {
		e.AvatarURL = c.AvatarURL
	}
	after := maps.Clone(s.CustomFields)
	if after == nil {
		after = map[string]string{}
	}
	for _, k := range slices.Sorted(maps.Keys(c.CustomFields)) {
		v := c.CustomFields[k]
		old, had := s.CustomFields[k]
		switch {
		case v == nil && had:
			e.CustomFieldsRemoved = append(e.CustomFieldsRemoved, k)
			delete(after, k)
		case v != nil && (!had || old != *v):
			if e.CustomFieldsSet == nil {
				e.CustomFieldsSet = map[string]string{}
			}
			e.CustomFieldsSet[k] = *v
			after[k] = *v
		}
	}
	if len(after) > MaxCustomFields {
		return nil, domain.Conflict(CodeTooManyCustomFields, "a contact has at most %d custom fields", MaxCustomFields)
	}
	if e.DisplayName == nil && e.AvatarURL == nil && e.CustomFieldsSet == nil && e.CustomFieldsRemoved == nil {
		return nil, nil
	}
	return []domain.Event{e}, nil
}

func mergedError(s State) *domain.Error {
	return domain.Conflict(CodeMerged, "the contact was merged into contact %q; change that one (or unmerge first)", s.MergedInto)
}

func when(cond bool, e domain.Event) []domain.Event {
	if !cond {
		return nil
	}
	return []domain.Event{e}
}
