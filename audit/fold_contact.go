package audit

import (
	"maps"
	"slices"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/contact"
	"github.com/parley-inbox/parley/eventstore"
	"github.com/parley-inbox/parley/projections/inbox"
	"github.com/parley-inbox/parley/query"
)

// contactFold folds a contact stream into the live contact view, the way
// projections/inbox does (evolveContact). Identities keep raw values until
// view() masks them for a viewer.
type contactFold struct {
	k       query.Contact
	exists  bool
	handles []contact.Identity
}

func newContactFold(id string) *contactFold {
	return &contactFold{k: query.Contact{ID: id, Tags: []string{}, MergedFrom: []string{}, CustomFields: map[string]string{},
		Conversations: []query.ConversationSummary{}}}
}

func (f *contactFold) apply(ev eventstore.RecordedEvent, e domain.Event) {
	k := &f.k
	at := micro(ev.Metadata.OccurredAt)
	switch e := e.(type) {
	case contact.Created:
		k.DisplayName, k.AvatarURL, k.CreatedAt = e.DisplayName, e.AvatarURL, at
		k.CustomFields = maps.Clone(e.CustomFields)
		if k.CustomFields == nil {
			k.CustomFields = map[string]string{}
		}
	case contact.ProfileUpdated:
		if e.DisplayName != nil {
			k.DisplayName = *e.DisplayName
		}
		if e.AvatarURL != nil {
			k.AvatarURL = *e.AvatarURL
		}
		maps.Copy(k.CustomFields, e.CustomFieldsSet)
		for _, name := range e.CustomFieldsRemoved {
			delete(k.CustomFields, name)
		}
	case contact.IdentityAdded:
		id := contact.Identity(e)
		if !slices.Contains(f.handles, id) {
			f.handles = append(f.handles, id)
		}
	case contact.IdentityRemoved:
		if i := slices.Index(f.handles, contact.Identity(e)); i >= 0 {
			f.handles = slices.Delete(f.handles, i, i+1)
		}
	case contact.TagApplied:
		if domain.FindTag(k.Tags, e.Tag) < 0 {
			k.Tags = append(k.Tags, e.Tag)
		}
	case contact.TagRemoved:
		if i := domain.FindTag(k.Tags, e.Tag); i >= 0 {
			k.Tags = slices.Delete(k.Tags, i, i+1)
		}
	case contact.MarkedPrivate:
		k.Private = true
	case contact.UnmarkedPrivate:
		k.Private = false
	case contact.MergedInto:
		k.MergedInto = optional(e.TargetID)
	case contact.Unmerged:
		k.MergedInto = nil
	case contact.MergedFrom:
		if !slices.Contains(k.MergedFrom, e.SourceID) {
			k.MergedFrom = append(k.MergedFrom, e.SourceID)
		}
	case contact.UnmergedFrom:
		if i := slices.Index(k.MergedFrom, e.SourceID); i >= 0 {
			k.MergedFrom = slices.Delete(k.MergedFrom, i, i+1)
		}
	}
	if k.CreatedAt.IsZero() {
		k.CreatedAt = at
	}
	k.UpdatedAt, k.Revision, f.exists = at, ev.Revision, true
}

// rawHandles is query.Viewer's rule: PII needs the permission, and a
// private contact's PII the private permission too.
func rawHandles(v query.Viewer, private bool) bool { return v.SeePII && (!private || v.SeePrivate) }

// view is the contact as v may see it.
func (f *contactFold) view(v query.Viewer) query.Contact {
	k := f.k
	k.Identities = make([]query.Identity, len(f.handles))
	for i, h := range f.handles {
		k.Identities[i] = query.Identity{Kind: string(h.Kind), Value: h.Value}
		if !rawHandles(v, k.Private) {
			k.Identities[i] = query.Identity{Kind: string(h.Kind), Value: inbox.Mask(h.Kind, h.Value), Masked: true}
		}
	}
	return k
}

// ref is the contact as a conversation on channel shows it to v.
func (f *contactFold) ref(v query.Viewer, channel string) query.ContactRef {
	r := query.ContactRef{ID: f.k.ID, Name: f.k.DisplayName, AvatarURL: f.k.AvatarURL, Masked: !rawHandles(v, f.k.Private)}
	if !f.exists {
		return r
	}
	kind := handleKind(channel)
	for _, h := range f.handles {
		if h.Kind == kind {
			r.Handle = h.Value
			if r.Masked {
				r.Handle = inbox.Mask(h.Kind, h.Value)
			}
			break
		}
	}
	return r
}

// handleKind is the identity kind that reaches a contact on channel.
func handleKind(channel string) contact.IdentityKind {
	switch channel {
	case "whatsapp", "sms":
		return contact.KindPhone
	case "email":
		return contact.KindEmail
	case "telegram":
		return contact.KindTelegramID
	case "messenger":
		return contact.KindPageScopedID
	case "instagram":
		return contact.KindInstagramID
	}
	return ""
}
