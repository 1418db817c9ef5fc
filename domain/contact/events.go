package contact

// Event types of a contact stream.
const (
	TypeCreated         = "contact.created"
	TypeProfileUpdated  = "contact.profile_updated"
	TypeIdentityAdded   = "contact.identity_added"
	TypeIdentityRemoved = "contact.identity_removed"
	TypeTagApplied      = "contact.tag_applied"
	TypeTagRemoved      = "contact.tag_removed"
	TypeMarkedPrivate   = "contact.marked_private"
	TypeUnmarkedPrivate = "contact.unmarked_private"
	TypeMergedInto      = "contact.merged_into"
	TypeMergedFrom      = "contact.merged_from"
	TypeUnmerged        = "contact.unmerged"
	TypeUnmergedFrom    = "contact.unmerged_from"
)

// Created (v2): the contact exists. v1 called display_name "name".
type Created struct {
	DisplayName  string            `json:"display_name,omitempty"`
	AvatarURL    string            `json:"avatar_url,omitempty"`
	CustomFields map[string]string `json:"custom_fields,omitempty"`
}

// ProfileUpdated: only the changed parts; nil means unchanged.
type ProfileUpdated struct {
	DisplayName         *string           `json:"display_name,omitempty"`
	AvatarURL           *string           `json:"avatar_url,omitempty"`
	CustomFieldsSet     map[string]string `json:"custom_fields_set,omitempty"`
	CustomFieldsRemoved []string          `json:"custom_fields_removed,omitempty"`
}

// IdentityAdded: a normalized channel handle was attached.
type IdentityAdded struct {
	Kind  IdentityKind `json:"kind"`
	Value string       `json:"value"`
}

// IdentityRemoved: a channel handle was detached.
type IdentityRemoved struct {
	Kind  IdentityKind `json:"kind"`
	Value string       `json:"value"`
}

// TagApplied: a tag was added in its display case.
type TagApplied struct {
	Tag string `json:"tag"`
}

// TagRemoved: a tag was removed; Tag is the stored display case.
type TagRemoved struct {
	Tag string `json:"tag"`
}

// MarkedPrivate: the contact's PII is restricted.
type MarkedPrivate struct{}

// UnmarkedPrivate: the restriction was lifted.
type UnmarkedPrivate struct{}

// MergedInto (on the source): this contact now lives on as TargetID.
type MergedInto struct {
	TargetID string `json:"target_id"`
}

// MergedFrom (on the target): SourceID was merged into this contact.
type MergedFrom struct {
	SourceID string `json:"source_id"`
}

// Unmerged (on the source): the merge into TargetID was undone.
type Unmerged struct {
	TargetID string `json:"target_id"`
}

// UnmergedFrom (on the target): SourceID is a contact of its own again.
type UnmergedFrom struct {
	SourceID string `json:"source_id"`
}

// EventType implementations.
func (Created) EventType() string         { return TypeCreated }
func (ProfileUpdated) EventType() string  { return TypeProfileUpdated }
func (IdentityAdded) EventType() string   { return TypeIdentityAdded }
func (IdentityRemoved) EventType() string { return TypeIdentityRemoved }
func (TagApplied) EventType() string      { return TypeTagApplied }
func (TagRemoved) EventType() string      { return TypeTagRemoved }
func (MarkedPrivate) EventType() string   { return TypeMarkedPrivate }
func (UnmarkedPrivate) EventType() string { return TypeUnmarkedPrivate }
func (MergedInto) EventType() string      { return TypeMergedInto }
func (MergedFrom) EventType() string      { return TypeMergedFrom }
func (Unmerged) EventType() string        { return TypeUnmerged }
func (UnmergedFrom) EventType() string    { return TypeUnmergedFrom }
