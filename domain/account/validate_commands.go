package account

import "github.com/parley-inbox/parley/domain"

// Validate implementations: field checks that need no state.

func (c CreateAccount) Validate() *domain.Error { return checkName(c.Name) }
func (c RenameAccount) Validate() *domain.Error { return checkName(c.Name) }

func (c CreateUser) Validate() *domain.Error {
	return first(domain.CheckID("id", c.UserID), checkEmail("email", c.Email), checkName(c.Name), domain.CheckID("role", c.Role))
}

func (c UpdateUser) Validate() *domain.Error {
	err := first(domain.CheckID("id", c.UserID), checkOptionalName(c.Name))
	if err == nil && c.Role != nil {
		err = domain.CheckID("role", *c.Role)
	}
	return err
}

func (c ArchiveUser) Validate() *domain.Error          { return domain.CheckID("id", c.UserID) }
func (c RestoreUser) Validate() *domain.Error          { return domain.CheckID("id", c.UserID) }
func (c RecordPasswordChange) Validate() *domain.Error { return domain.CheckID("id", c.UserID) }

func (c CreateRole) Validate() *domain.Error {
	return first(domain.CheckID("id", c.RoleID), checkName(c.Name), checkPermissions(c.Permissions), checkScope(c.Scope))
}

func (c UpdateRole) Validate() *domain.Error {
	err := first(domain.CheckID("id", c.RoleID), checkOptionalName(c.Name))
	if err == nil && c.Permissions != nil {
		err = checkPermissions(*c.Permissions)
	}
	if err == nil && c.Scope != nil {
		err = checkScope(*c.Scope)
	}
	return err
}

func (c ArchiveRole) Validate() *domain.Error { return domain.CheckID("id", c.RoleID) }

func (c CreateTeam) Validate() *domain.Error {
	return first(domain.CheckID("id", c.TeamID), checkName(c.Name), checkIDs("members", c.Members, MaxMembers))
}

func (c UpdateTeam) Validate() *domain.Error {
	err := first(domain.CheckID("id", c.TeamID), checkOptionalName(c.Name))
	if err == nil && c.Members != nil {
		err = checkIDs("members", *c.Members, MaxMembers)
	}
	return err
}

func (c ArchiveTeam) Validate() *domain.Error { return domain.CheckID("id", c.TeamID) }

func (c CreateInbox) Validate() *domain.Error {
	err := first(domain.CheckID("id", c.InboxID), checkName(c.Name),
		checkIDs("agents", c.Agents, MaxMembers), checkIDs("teams", c.Teams, MaxInboxTeams))
	if err == nil && !validChannel(c.Channel) {
		err = domain.Invalid("channel", domain.CodeBadValue, "must be whatsapp, instagram, messenger, telegram, sms or email")
	}
	return err
}

func (c UpdateInbox) Validate() *domain.Error {
	err := first(domain.CheckID("id", c.InboxID), checkOptionalName(c.Name))
	if err == nil && c.Agents != nil {
		err = checkIDs("agents", *c.Agents, MaxMembers)
	}
	if err == nil && c.Teams != nil {
		err = checkIDs("teams", *c.Teams, MaxInboxTeams)
	}
	return err
}

func (c ArchiveInbox) Validate() *domain.Error { return domain.CheckID("id", c.InboxID) }

func (c IssueToken) Validate() *domain.Error {
	err := first(domain.CheckID("id", c.TokenID), checkName(c.Name), domain.CheckID("client_id", c.ClientID),
		domain.CheckID("role", c.Role), checkIDs("inboxes", c.Inboxes, MaxMembers))
	if err == nil && c.Kind != "api_client" && c.Kind != "bot" {
		err = domain.Invalid("kind", CodeBadKind, "must be api_client or bot")
	}
	return err
}

func (c RevokeToken) Validate() *domain.Error { return domain.CheckID("id", c.TokenID) }

// first returns the first non-nil error.
func first(errs ...*domain.Error) *domain.Error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
