package authz

// Role is a named combination of permissions and a conversation scope.
type Role struct {
	ID          string
	Name        string
	Permissions Set
	Scope       Scope
}

// Built-in role ids; custom roles use any other id.
const (
	RoleAdministrator = "administrator"
	RoleSupervisor    = "supervisor"
	RoleAgent         = "agent"
	RoleBot           = "bot"
)

// BuiltinRole returns the built-in role id, if it is one.
func BuiltinRole(id string) (Role, bool) {
	switch id {
	case RoleAdministrator:
		return Role{ID: id, Name: "Administrator", Scope: ScopeAll, Permissions: Set(0).With(
			ManageOthers, ViewPII, ViewBeforeAccept, SeeViewers, HidePresence, ViewReports, ViewAudit, AllInboxes, Admin)}, true
	case RoleSupervisor:
		return Role{ID: id, Name: "Supervisor", Scope: ScopeAll, Permissions: Set(0).With(
			ManageOthers, ViewPII, ViewBeforeAccept, SeeViewers, ViewReports, ViewAudit, AllInboxes)}, true
	case RoleAgent:
		return Role{ID: id, Name: "Agent", Scope: ScopeUnassignedAndOwn, Permissions: Set(0).With(SeeViewers)}, true
	case RoleBot:
		// Bots answer customers in the inboxes they are attached to; the
		// routes they may call are further limited by BotMayCall.
		return Role{ID: id, Name: "Bot", Scope: ScopeAll, Permissions: Set(0).With(ManageOthers, ViewPII, ViewBeforeAccept)}, true
	}
	return Role{}, false
}

// BuiltinRoles lists the built-in roles.
func BuiltinRoles() []Role {
	out := make([]Role, 0, 4)
	for _, id := range []string{RoleAdministrator, RoleSupervisor, RoleAgent, RoleBot} {
		r, _ := BuiltinRole(id)
		out = append(out, r)
	}
	return out
}

// Full is the access of an operator-configured API key (PARLEY_API_KEYS):
// everything within its account. Such keys are set by whoever runs Parley.
func Full() Access {
	r, _ := BuiltinRole(RoleAdministrator)
	return Access{Role: "operator", Permissions: r.Permissions, Scope: ScopeAll}
}
