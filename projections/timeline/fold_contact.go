package timeline

import (
	"github.com/parley-inbox/parley/domain/contact"
)

// applyContact folds one contact event into its searchable document.
func (b *batch) applyContact(d decoded, phones PhoneHasher) {
	c, ok := b.docs.Contacts[d.contact]
	if !ok {
		c = Contact{ID: d.contact, AccountID: d.ev.Metadata.AccountID}
	}
	if c.Version > d.ev.Revision {
		return
	}
	switch e := d.payload.(type) {
	case contact.Created:
		c.DisplayName = e.DisplayName
	case contact.ProfileUpdated:
		if e.DisplayName != nil {
			c.DisplayName = *e.DisplayName
		}
	case contact.IdentityAdded:
		if e.Kind == contact.KindPhone {
			c.PhoneLast4 = appendNew(append([]string(nil), c.PhoneLast4...), LastDigits(e.Value))
			c.PhoneHashes = appendNew(append([]string(nil), c.PhoneHashes...), phones.Hash(e.Value))
		}
	case contact.IdentityRemoved:
		if e.Kind == contact.KindPhone {
			c.PhoneHashes = without(c.PhoneHashes, phones.Hash(e.Value))
			c.PhoneLast4 = without(c.PhoneLast4, LastDigits(e.Value))
		}
	case contact.TagApplied:
		c.Tags = addTag(c.Tags, e.Tag)
	case contact.TagRemoved:
		c.Tags = removeTag(c.Tags, e.Tag)
	case contact.MergedInto:
		c.MergedInto = e.TargetID
	case contact.Unmerged:
		c.MergedInto = ""
	}
	c.At = Millis(d.ev.Metadata.OccurredAt)
	c.Version = d.ev.Revision + 1
	b.docs.Contacts[c.ID] = c
	b.dirty["c/"+c.ID] = true
}

func without(xs []string, x string) []string {
	var out []string
	for _, y := range xs {
		if y != x {
			out = append(out, y)
		}
	}
	return out
}
