package contact

import (
	"maps"
	"slices"

	"github.com/parley-inbox/parley/domain"
)

// Evolve returns the state after event e. It updates the maps and slices of
// s in place, so treat s as consumed (State.Clone keeps a copy). Unknown
// events leave s as is.
func Evolve(s State, e domain.Event) State {
	switch e := e.(type) {
	case Created:
		s.Created, s.DisplayName, s.AvatarURL = true, e.DisplayName, e.AvatarURL
		s.CustomFields = maps.Clone(e.CustomFields)
	case ProfileUpdated:
		if e.DisplayName != nil {
			s.DisplayName = *e.DisplayName
		}
		if e.AvatarURL != nil {
			s.AvatarURL = *e.AvatarURL
		}
		if len(e.CustomFieldsSet) > 0 && s.CustomFields == nil {
			s.CustomFields = map[string]string{}
		}
		maps.Copy(s.CustomFields, e.CustomFieldsSet)
		for _, k := range e.CustomFieldsRemoved {
			delete(s.CustomFields, k)
		}
	case IdentityAdded:
		if id := Identity(e); findIdentity(s.Identities, id) < 0 {
			s.Identities = append(s.Identities, id)
		}
	case IdentityRemoved:
		if i := findIdentity(s.Identities, Identity(e)); i >= 0 {
			s.Identities = slices.Delete(s.Identities, i, i+1)
		}
	case TagApplied:
		if domain.FindTag(s.Tags, e.Tag) < 0 {
			s.Tags = append(s.Tags, e.Tag)
		}
	case TagRemoved:
		if i := domain.FindTag(s.Tags, e.Tag); i >= 0 {
			s.Tags = slices.Delete(s.Tags, i, i+1)
		}
	case MarkedPrivate:
		s.Private = true
	case UnmarkedPrivate:
		s.Private = false
	case MergedInto:
		s.MergedInto = e.TargetID
	case Unmerged:
		s.MergedInto = ""
	case MergedFrom:
		if !slices.Contains(s.MergedFrom, e.SourceID) {
			s.MergedFrom = append(s.MergedFrom, e.SourceID)
		}
	case UnmergedFrom:
		if i := slices.Index(s.MergedFrom, e.SourceID); i >= 0 {
			s.MergedFrom = slices.Delete(s.MergedFrom, i, i+1)
		}
	}
	return s
}
