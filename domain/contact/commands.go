package contact

import "github.com/parley-inbox/parley/domain"

// Command is a request to change a contact; Validate checks its fields
// without the state and names the offending JSON field.
type Command interface {
	CommandType() string
	Validate() *domain.Error
}

// CreateContact creates the contact.
type CreateContact struct {
	DisplayName  string            `json:"display_name,omitempty"`
	AvatarURL    string            `json:"avatar_url,omitempty"`
	CustomFields map[string]string `json:"custom_fields,omitempty"`
}

// UpdateProfile changes the fields it carries: a nil pointer leaves a field
// as is; in CustomFields a null value removes the key.
type UpdateProfile struct {
	DisplayName  *string            `json:"display_name,omitempty"`
	AvatarURL    *string            `json:"avatar_url,omitempty"`
	CustomFields map[string]*string `json:"custom_fields,omitempty"`
}

// AddIdentity attaches a channel handle (normalized before it is stored).
type AddIdentity struct {
	Kind  IdentityKind `json:"kind"`
	Value string       `json:"value"`
}

// RemoveIdentity detaches a channel handle.
type RemoveIdentity struct {
	Kind  IdentityKind `json:"kind"`
	Value string       `json:"value"`
}

// ApplyTag adds a tag (a no-op if present in any case).
type ApplyTag struct {
	Tag string `json:"tag"`
}

// RemoveTag removes a tag (a no-op if absent).
type RemoveTag struct {
	Tag string `json:"tag"`
}

// MarkPrivate restricts the contact's PII to those allowed to see it.
type MarkPrivate struct{}

// UnmarkPrivate lifts the restriction.
type UnmarkPrivate struct{}

// MergeInto, on the source contact, merges it into TargetID.
type MergeInto struct {
	TargetID string `json:"target_id"`
}

// AbsorbMerge, on the target contact, records that SourceID was merged in.
type AbsorbMerge struct {
	SourceID string `json:"source_id"`
}

// Unmerge, on the source contact, undoes its merge.
type Unmerge struct{}

// UnmergeFrom, on the target contact, undoes the merge of SourceID.
type UnmergeFrom struct {
	SourceID string `json:"source_id"`
}

// CommandType implementations.
func (CreateContact) CommandType() string  { return "contact.create" }
func (UpdateProfile) CommandType() string  { return "contact.update_profile" }
func (AddIdentity) CommandType() string    { return "contact.add_identity" }
func (RemoveIdentity) CommandType() string { return "contact.remove_identity" }
func (ApplyTag) CommandType() string       { return "contact.apply_tag" }
func (RemoveTag) CommandType() string      { return "contact.remove_tag" }
func (MarkPrivate) CommandType() string    { return "contact.mark_private" }
func (UnmarkPrivate) CommandType() string  { return "contact.unmark_private" }
func (MergeInto) CommandType() string      { return "contact.merge_into" }
func (AbsorbMerge) CommandType() string    { return "contact.absorb_merge" }
func (Unmerge) CommandType() string        { return "contact.unmerge" }
func (UnmergeFrom) CommandType() string    { return "contact.unmerge_from" }
