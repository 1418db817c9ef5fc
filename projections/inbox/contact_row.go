package inbox

import (
	"maps"
	"slices"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/eventstore"
)

// identity is a contact handle as the view stores it (identities jsonb).
type identity struct {
	Kind   string `json:"kind"`
	Value  string `json:"value"`
	Masked string `json:"masked"`
}

// contactRow is one row of the contacts view. Zero times are never stored:
// created_at comes with contact.created.
type contactRow struct {
	ID, AccountID, DisplayName, AvatarURL string
	Identities                            []identity
	Tags                                  []string
	Private                               bool
	MergedInto                            string
	MergedFrom                            []string
	CustomFields                          map[string]string
	CreatedAt, UpdatedAt                  time.Time
	Revision                              int64 // -1: not stored yet
}

// evolveContact applies one decoded contact event to r.
func evolveContact(r contactRow, ev eventstore.RecordedEvent, e domain.Event) contactRow {
	at := micro(ev.Metadata.OccurredAt)
	switch e := e.(type) {
	case contact.Created:
		r.AccountID, r.DisplayName, r.AvatarURL, r.CreatedAt = ev.Metadata.AccountID, e.DisplayName, e.AvatarURL, at
		r.CustomFields = maps.Clone(e.CustomFields)
	case contact.ProfileUpdated:
		if e.DisplayName != nil {
			r.DisplayName = *e.DisplayName
		}
		if e.AvatarURL != nil {
			r.AvatarURL = *e.AvatarURL
		}
		r.CustomFields = maps.Clone(r.CustomFields)
		if r.CustomFields == nil {
			r.CustomFields = map[string]string{}
		}
		maps.Copy(r.CustomFields, e.CustomFieldsSet)
		for _, k := range e.CustomFieldsRemoved {
			delete(r.CustomFields, k)
		}
	case contact.IdentityAdded:
		id := identity{Kind: string(e.Kind), Value: e.Value, Masked: Mask(e.Kind, e.Value)}
		if !slices.ContainsFunc(r.Identities, sameIdentity(id)) {
			r.Identities = append(slices.Clone(r.Identities), id)
		}
	case contact.IdentityRemoved:
		if i := slices.IndexFunc(r.Identities, sameIdentity(identity{Kind: string(e.Kind), Value: e.Value})); i >= 0 {
			r.Identities = slices.Delete(slices.Clone(r.Identities), i, i+1)
		}
	case contact.TagApplied:
		if domain.FindTag(r.Tags, e.Tag) < 0 {
			r.Tags = append(slices.Clone(r.Tags), e.Tag)
		}
	case contact.TagRemoved:
		if i := domain.FindTag(r.Tags, e.Tag); i >= 0 {
			r.Tags = slices.Delete(slices.Clone(r.Tags), i, i+1)
		}
	case contact.MarkedPrivate:
		r.Private = true
	case contact.UnmarkedPrivate:
		r.Private = false
	case contact.MergedInto:
		r.MergedInto = e.TargetID
	case contact.Unmerged:
		r.MergedInto = ""
	case contact.MergedFrom:
		if !slices.Contains(r.MergedFrom, e.SourceID) {
			r.MergedFrom = append(slices.Clone(r.MergedFrom), e.SourceID)
		}
	case contact.UnmergedFrom:
		if i := slices.Index(r.MergedFrom, e.SourceID); i >= 0 {
			r.MergedFrom = slices.Delete(slices.Clone(r.MergedFrom), i, i+1)
		}
	}
	if r.AccountID == "" {
		r.AccountID = ev.Metadata.AccountID
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = at
	}
	r.UpdatedAt = at
	r.Revision = int64(ev.Revision)
	return r
}

func sameIdentity(a identity) func(identity) bool {
	return func(b identity) bool { return a.Kind == b.Kind && a.Value == b.Value }
}

// searchKeys are the contact's handle search keys, without duplicates.
func (r contactRow) searchKeys() []string {
	var out []string
	for _, id := range r.Identities {
		if k := SearchKey(contact.IdentityKind(id.Kind), id.Value); k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}
