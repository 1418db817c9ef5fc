package account

import "github.com/parley-inbox/parley/domain"

// NewCodec returns the codec of every account event type (all at version 1).
func NewCodec() (*domain.Codec, error) {
	return domain.NewCodec(
		spec(TypeCreated, func() domain.Event { return &Created{} }),
		spec(TypeRenamed, func() domain.Event { return &Renamed{} }),
		spec(TypeUserCreated, func() domain.Event { return &UserCreated{} }),
		spec(TypeUserUpdated, func() domain.Event { return &UserUpdated{} }),
		spec(TypeUserArchived, func() domain.Event { return &UserArchived{} }),
		spec(TypeUserRestored, func() domain.Event { return &UserRestored{} }),
		spec(TypePasswordChanged, func() domain.Event { return &PasswordChanged{} }),
		spec(TypeRoleCreated, func() domain.Event { return &RoleCreated{} }),
		spec(TypeRoleUpdated, func() domain.Event { return &RoleUpdated{} }),
		spec(TypeRoleArchived, func() domain.Event { return &RoleArchived{} }),
		spec(TypeTeamCreated, func() domain.Event { return &TeamCreated{} }),
		spec(TypeTeamUpdated, func() domain.Event { return &TeamUpdated{} }),
		spec(TypeTeamArchived, func() domain.Event { return &TeamArchived{} }),
		spec(TypeInboxCreated, func() domain.Event { return &InboxCreated{} }),
		spec(TypeInboxUpdated, func() domain.Event { return &InboxUpdated{} }),
		spec(TypeInboxArchived, func() domain.Event { return &InboxArchived{} }),
		spec(TypeTokenIssued, func() domain.Event { return &TokenIssued{} }),
		spec(TypeTokenRevoked, func() domain.Event { return &TokenRevoked{} }),
		spec(TypeTagDefined, func() domain.Event { return &TagDefined{} }),
		spec(TypeTagArchived, func() domain.Event { return &TagArchived{} }),
		spec(TypeQuickReplyCreated, func() domain.Event { return &QuickReplyCreated{} }),
		spec(TypeQuickReplyUpdated, func() domain.Event { return &QuickReplyUpdated{} }),
		spec(TypeQuickReplyArchived, func() domain.Event { return &QuickReplyArchived{} }),
	)
}

func spec(typ string, newEvent func() domain.Event) domain.EventSpec {
	return domain.EventSpec{Type: typ, Version: 1, New: newEvent}
}
