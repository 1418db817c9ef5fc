package account

import (
	"strings"
	"testing"

	"github.com/parley-inbox/parley/domain"
)

func TestDecideAccountAndUsers(t *testing.T) {
	runDecide(t, []decideCase{
		{Name: "create the account", When: CreateAccount{Name: "Acme"}, Then: ev(Created{Name: "Acme"})},
		{Name: "create it twice", Given: acme(), When: CreateAccount{Name: "Acme"}, Kind: domain.KindConflict, Code: CodeExists},
		{Name: "anything on a missing account", When: RenameAccount{Name: "x"}, Kind: domain.KindNotFound, Code: CodeNotFound},
		{Name: "rename to the same name is a no-op", Given: acme(), When: RenameAccount{Name: "Acme"}},
		{Name: "create a user, e-mail lower-cased", Given: acme(), When: CreateUser{UserID: "bo", Email: "Bo@Acme.test", Name: "Bo", Role: "supervisor"},
			Then: ev(UserCreated{UserID: "bo", Email: "bo@acme.test", Name: "Bo", Role: "supervisor"})},
		{Name: "e-mail taken in another case", Given: acme(), When: CreateUser{UserID: "bo", Email: "ANN@acme.test", Name: "Bo", Role: "agent"},
			Kind: domain.KindConflict, Code: CodeEmailTaken},
		{Name: "user id taken", Given: acme(), When: CreateUser{UserID: "ann", Email: "x@acme.test", Name: "X", Role: "agent"},
			Kind: domain.KindConflict, Code: CodeUserExists},
		{Name: "unknown role", Given: acme(), When: CreateUser{UserID: "bo", Email: "bo@acme.test", Name: "Bo", Role: "wizard"},
			Kind: domain.KindInvalid, Code: CodeRoleNotFound, Field: "role"},
		{Name: "the bot role is for tokens", Given: acme(), When: CreateUser{UserID: "bo", Email: "bo@acme.test", Name: "Bo", Role: "bot"},
			Kind: domain.KindInvalid, Code: CodeRoleNotFound, Field: "role"},
		{Name: "bad e-mail", Given: acme(), When: CreateUser{UserID: "bo", Email: "Bo <bo@acme.test>", Name: "Bo", Role: "agent"},
			Kind: domain.KindInvalid, Code: CodeBadEmail, Field: "email"},
		{Name: "e-mail without a dot in the domain", Given: acme(), When: CreateUser{UserID: "bo", Email: "bo@localhost", Name: "Bo", Role: "agent"},
			Kind: domain.KindInvalid, Code: CodeBadEmail, Field: "email"},
		{Name: "bad id", Given: acme(), When: CreateUser{UserID: "../x", Email: "bo@acme.test", Name: "Bo", Role: "agent"},
			Kind: domain.KindInvalid, Code: domain.CodeBadID, Field: "id"},
		{Name: "name with control characters", Given: acme(), When: CreateUser{UserID: "bo", Email: "bo@acme.test", Name: "B\x00o", Role: "agent"},
			Kind: domain.KindInvalid, Code: domain.CodeBadText, Field: "name"},
		{Name: "an HTML name is just text", Given: acme(), When: CreateUser{UserID: "bo", Email: "bo@acme.test", Name: "<script>alert(1)</script>", Role: "agent"},
			Then: ev(UserCreated{UserID: "bo", Email: "bo@acme.test", Name: "<script>alert(1)</script>", Role: "agent"})},
		{Name: "promote ann", Given: acme(), When: UpdateUser{UserID: "ann", Role: ptr("administrator")},
			Then: ev(UserUpdated{UserID: "ann", Role: ptr("administrator")})},
		{Name: "update nothing", Given: acme(), When: UpdateUser{UserID: "ann", Name: ptr("Ann")}},
		{Name: "demote the last administrator", Given: acme(), When: UpdateUser{UserID: "root", Role: ptr("agent")},
			Kind: domain.KindConflict, Code: CodeLastAdmin},
		{Name: "archive the last administrator", Given: acme(), When: ArchiveUser{UserID: "root"}, Kind: domain.KindConflict, Code: CodeLastAdmin},
		{Name: "archive one of two administrators", Given: acme(UserUpdated{UserID: "ann", Role: ptr("administrator")}),
			When: ArchiveUser{UserID: "root"}, Then: ev(UserArchived{UserID: "root"})},
		{Name: "archive twice is a no-op", Given: acme(UserArchived{UserID: "ann"}), When: ArchiveUser{UserID: "ann"}},
		{Name: "restore", Given: acme(UserArchived{UserID: "ann"}), When: RestoreUser{UserID: "ann"}, Then: ev(UserRestored{UserID: "ann"})},
		{Name: "password of an archived user", Given: acme(UserArchived{UserID: "ann"}), When: RecordPasswordChange{UserID: "ann"},
			Kind: domain.KindConflict, Code: CodeArchived},
		{Name: "password", Given: acme(), When: RecordPasswordChange{UserID: "ann"}, Then: ev(PasswordChanged{UserID: "ann"})},
		{Name: "unknown user", Given: acme(), When: ArchiveUser{UserID: "ghost"}, Kind: domain.KindNotFound, Code: CodeUserNotFound},
	})
}

func TestDecideRoles(t *testing.T) {
	withRole := acme(RoleCreated{RoleID: "lead", Name: "Lead", Permissions: []string{"reports.view"}, Scope: "all"},
		UserCreated{UserID: "li", Email: "li@acme.test", Name: "Li", Role: "lead"})
	runDecide(t, []decideCase{
		{Name: "create, permissions sorted", Given: acme(), When: CreateRole{RoleID: "lead", Name: "Lead", Permissions: []string{"reports.view", "contacts.view_pii"}, Scope: "participating"},
			Then: ev(RoleCreated{RoleID: "lead", Name: "Lead", Permissions: []string{"contacts.view_pii", "reports.view"}, Scope: "participating"})},
		{Name: "unknown permission", Given: acme(), When: CreateRole{RoleID: "x", Name: "X", Permissions: []string{"root"}, Scope: "all"},
			Kind: domain.KindInvalid, Code: CodeBadPermission, Field: "permissions"},
		{Name: "unknown scope", Given: acme(), When: CreateRole{RoleID: "x", Name: "X", Scope: "everything"},
			Kind: domain.KindInvalid, Code: CodeBadScope, Field: "scope"},
		{Name: "a built-in id", Given: acme(), When: CreateRole{RoleID: "agent", Name: "A", Scope: "all"}, Kind: domain.KindConflict, Code: CodeRoleBuiltin},
		{Name: "change a built-in role", Given: acme(), When: UpdateRole{RoleID: "administrator", Name: ptr("God")}, Kind: domain.KindConflict, Code: CodeRoleBuiltin},
		{Name: "update permissions", Given: withRole, When: UpdateRole{RoleID: "lead", Permissions: &[]string{"audit.view", "reports.view"}},
			Then: ev(RoleUpdated{RoleID: "lead", Permissions: &[]string{"audit.view", "reports.view"}})},
		{Name: "same permissions in another order", Given: withRole, When: UpdateRole{RoleID: "lead", Permissions: &[]string{"reports.view"}}},
		{Name: "archive a role in use", Given: withRole, When: ArchiveRole{RoleID: "lead"}, Kind: domain.KindConflict, Code: CodeRoleInUse},
		{Name: "archive a free role", Given: withRole[:len(withRole)-1], When: ArchiveRole{RoleID: "lead"}, Then: ev(RoleArchived{RoleID: "lead"})},
		{Name: "give an archived role", Given: acme(RoleCreated{RoleID: "old", Name: "Old", Scope: "all"}, RoleArchived{RoleID: "old"}),
			When: UpdateUser{UserID: "ann", Role: ptr("old")}, Kind: domain.KindInvalid, Code: CodeArchived},
	})
}

func TestDecideTeamsInboxesTokens(t *testing.T) {
	runDecide(t, []decideCase{
		{Name: "team with an unknown member", Given: acme(), When: CreateTeam{TeamID: "t", Name: "T", Members: []string{"ann", "ghost"}},
			Kind: domain.KindInvalid, Code: CodeUserNotFound, Field: "members[1]"},
		{Name: "team with a repeated member", Given: acme(), When: CreateTeam{TeamID: "t", Name: "T", Members: []string{"ann", "ann"}},
			Kind: domain.KindInvalid, Code: domain.CodeDuplicate, Field: "members[1]"},
		{Name: "replace members", Given: acme(), When: UpdateTeam{TeamID: "sales", Members: &[]string{"root"}},
			Then: ev(TeamUpdated{TeamID: "sales", Members: &[]string{"root"}})},
		{Name: "inbox with an unknown channel", Given: acme(), When: CreateInbox{InboxID: "x", Name: "X", Channel: "fax"},
			Kind: domain.KindInvalid, Code: domain.CodeBadValue, Field: "channel"},
		{Name: "inbox with an archived team", Given: acme(TeamArchived{TeamID: "sales"}), When: CreateInbox{InboxID: "x", Name: "X", Channel: "sms", Teams: []string{"sales"}},
			Kind: domain.KindInvalid, Code: CodeTeamNotFound, Field: "teams[0]"},
		{Name: "inbox exists", Given: acme(), When: CreateInbox{InboxID: "wa", Name: "X", Channel: "sms"}, Kind: domain.KindConflict, Code: CodeInboxExists},
		{Name: "archive an inbox", Given: acme(), When: ArchiveInbox{InboxID: "wa"}, Then: ev(InboxArchived{InboxID: "wa"})},
		{Name: "issue a bot token", Given: acme(), When: IssueToken{TokenID: "tk1", Name: "Bot", Kind: "bot", ClientID: "helper", Role: "bot", Inboxes: []string{"wa"}},
			Then: ev(TokenIssued{TokenID: "tk1", Name: "Bot", Kind: "bot", ClientID: "helper", Role: "bot", Inboxes: []string{"wa"}})},
		{Name: "token already expired", Given: acme(), When: IssueToken{TokenID: "tk1", Name: "x", Kind: "api_client", ClientID: "crm", Role: "agent", ExpiresAt: ptr(t0)},
			Kind: domain.KindInvalid, Code: CodeExpired, Field: "expires_at"},
		{Name: "token kind", Given: acme(), When: IssueToken{TokenID: "tk1", Name: "x", Kind: "agent", ClientID: "crm", Role: "agent"},
			Kind: domain.KindInvalid, Code: CodeBadKind, Field: "kind"},
		{Name: "revoke", Given: acme(TokenIssued{TokenID: "tk1", Name: "x", Kind: "api_client", ClientID: "crm", Role: "agent"}),
			When: RevokeToken{TokenID: "tk1"}, Then: ev(TokenRevoked{TokenID: "tk1"})},
		{Name: "revoke twice is a no-op", Given: acme(TokenIssued{TokenID: "tk1", Name: "x", Kind: "api_client", ClientID: "crm", Role: "agent"}, TokenRevoked{TokenID: "tk1"}),
			When: RevokeToken{TokenID: "tk1"}},
		{Name: "revoke another account's token id", Given: acme(), When: RevokeToken{TokenID: "tk-elsewhere"}, Kind: domain.KindNotFound, Code: CodeTokenNotFound},
		{Name: "name too long", Given: acme(), When: CreateTeam{TeamID: "t", Name: strings.Repeat("x", domain.MaxNameLen+1)},
			Kind: domain.KindInvalid, Code: domain.CodeTooLong, Field: "name"},
	})
}

func TestEvolveKeepsArchivedEntities(t *testing.T) {
	var s State
	for _, e := range acme(UserArchived{UserID: "ann"}, TeamUpdated{TeamID: "sales", Name: ptr("Sales 2")}, InboxUpdated{InboxID: "wa", Agents: &[]string{"root"}}) {
		s = Evolve(s, e)
	}
	if !s.Users["ann"].Archived || s.Teams["sales"].Name != "Sales 2" || s.Inboxes["wa"].Agents[0] != "root" || len(s.Inboxes["wa"].Teams) != 1 {
		t.Fatalf("state = %+v", s)
	}
	if id, ok := IDFromStream(StreamName("acme")); !ok || id != "acme" {
		t.Fatal("stream name round trip")
	}
}
