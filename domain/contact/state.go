package contact

import (
	"maps"
	"slices"
	"strings"
)

// IdentityKind is the kind of a channel handle.
type IdentityKind string

// Identity kinds.
const (
	KindPhone        IdentityKind = "phone" // E.164
	KindEmail        IdentityKind = "email"
	KindTelegramID   IdentityKind = "telegram_id"
	KindPageScopedID IdentityKind = "page_scoped_id" // Messenger
	KindInstagramID  IdentityKind = "instagram_id"
)

// Identity is a handle by which the contact reaches us on a channel.
type Identity struct {
	Kind  IdentityKind `json:"kind"`
	Value string       `json:"value"`
}

// State is a contact folded from its events. The zero value means the
// stream does not exist.
type State struct {
	Created      bool
	DisplayName  string
	AvatarURL    string
	CustomFields map[string]string
	Identities   []Identity
	Tags         []string // display case, unique case-insensitively
	Private      bool
	MergedInto   string   // set while this contact is merged into another
	MergedFrom   []string // contacts merged into this one, oldest first
}

// Exists reports whether the contact was created.
func (s State) Exists() bool { return s.Created }

// Clone returns a deep copy; Evolve updates the maps and slices of the state
// it is given.
func (s State) Clone() State {
	c := s
	c.CustomFields = maps.Clone(s.CustomFields)
	c.Identities = slices.Clone(s.Identities)
	c.Tags = slices.Clone(s.Tags)
	c.MergedFrom = slices.Clone(s.MergedFrom)
	return c
}

// StreamName is the event stream of contact id.
func StreamName(id string) string { return streamPrefix + id }

// IDFromStream returns the contact id of a stream name.
func IDFromStream(stream string) (string, bool) {
	id, ok := strings.CutPrefix(stream, streamPrefix)
	return id, ok && id != ""
}

const streamPrefix = "contact-"

func findIdentity(ids []Identity, id Identity) int {
	return slices.Index(ids, id)
}
