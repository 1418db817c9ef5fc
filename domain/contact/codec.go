package contact

import (
	"encoding/json"
	"fmt"

	"github.com/parley-inbox/parley/domain"
)

// NewCodec returns the codec of every contact event type with its current
// schema version and the upcasters from older versions.
func NewCodec() (*domain.Codec, error) {
	return domain.NewCodec(
		domain.EventSpec{
			Type: TypeCreated, Version: 2,
			New:       func() domain.Event { return &Created{} },
			Upcasters: map[int]domain.Upcaster{1: upcastCreatedV1},
		},
		spec(TypeProfileUpdated, func() domain.Event { return &ProfileUpdated{} }),
		spec(TypeIdentityAdded, func() domain.Event { return &IdentityAdded{} }),
		spec(TypeIdentityRemoved, func() domain.Event { return &IdentityRemoved{} }),
		spec(TypeTagApplied, func() domain.Event { return &TagApplied{} }),
		spec(TypeTagRemoved, func() domain.Event { return &TagRemoved{} }),
		spec(TypeMarkedPrivate, func() domain.Event { return &MarkedPrivate{} }),
		spec(TypeUnmarkedPrivate, func() domain.Event { return &UnmarkedPrivate{} }),
		spec(TypeMergedInto, func() domain.Event { return &MergedInto{} }),
		spec(TypeMergedFrom, func() domain.Event { return &MergedFrom{} }),
		spec(TypeUnmerged, func() domain.Event { return &Unmerged{} }),
		spec(TypeUnmergedFrom, func() domain.Event { return &UnmergedFrom{} }),
	)
}

func spec(typ string, newEvent func() domain.Event) domain.EventSpec {
	return domain.EventSpec{Type: typ, Version: 1, New: newEvent}
}

// upcastCreatedV1 renames v1's "name" to v2's "display_name".
func upcastCreatedV1(old json.RawMessage) (json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(old, &m); err != nil {
		return nil, fmt.Errorf("contact.created v1: %w", err)
	}
	if name, ok := m["name"]; ok {
		delete(m, "name")
		if _, has := m["display_name"]; !has {
			m["display_name"] = name
		}
	}
	return json.Marshal(m)
}
