package authz

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

func role(id string) Access {
	r, ok := BuiltinRole(id)
	if !ok {
		panic(id)
	}
	return Access{Role: id, Permissions: r.Permissions, Scope: r.Scope}
}

func TestCanSeeAndActOnConversation(t *testing.T) {
	agent := role(RoleAgent)
	agent.Inboxes = []string{"wa"}
	participating := Access{Role: "p", Scope: ScopeParticipating, Inboxes: []string{"wa"}}
	manager := agent
	manager.Permissions = manager.Permissions.With(ManageOthers)
	ann := func(a Access) Subject { return Subject{AccountID: "acme", UserID: "ann", Access: a} }
	conv := func(inbox, assignee string, participants ...string) ConversationMeta {
		return ConversationMeta{AccountID: "acme", InboxID: inbox, AssigneeID: assignee, Participants: participants}
	}
	for _, tc := range []struct {
		name   string
		s      Subject
		m      ConversationMeta
		see    bool
		act    Action
		mayAct bool
	}{
		{"admin sees everything in the account", ann(role(RoleAdministrator)), conv("ig", "bo"), true, ActWork, true},
		{"admin of another account sees nothing", Subject{AccountID: "globex", UserID: "ann", Access: role(RoleAdministrator)}, conv("wa", ""), false, ActObserve, false},
		{"no account, nothing", Subject{UserID: "ann", Access: role(RoleAdministrator)}, ConversationMeta{InboxID: "wa"}, false, ActObserve, false},
		{"agent, unassigned in own inbox", ann(agent), conv("wa", ""), true, ActTake, true},
		{"agent, own", ann(agent), conv("wa", "ann"), true, ActWork, true},
		{"agent, someone else's", ann(agent), conv("wa", "bo"), false, ActObserve, false},
		{"agent outside the inbox", ann(agent), conv("ig", ""), false, ActObserve, false},
		{"manager, someone else's is out of scope still", ann(manager), conv("wa", "bo"), false, ActWork, false},
		{"all scope without manage_others: see but not work", ann(Access{Scope: ScopeAll, Inboxes: []string{"wa"}}), conv("wa", "bo"), true, ActWork, false},
		{"all scope without manage_others: may note", ann(Access{Scope: ScopeAll, Inboxes: []string{"wa"}}), conv("wa", "bo"), true, ActObserve, true},
		{"all scope with manage_others: reassign", ann(Access{Scope: ScopeAll, Permissions: Set(0).With(ManageOthers), Inboxes: []string{"wa"}}), conv("wa", "bo"), true, ActReassign, true},
		{"participating: took part", ann(participating), conv("wa", "bo", "ann"), true, ActObserve, true},
		{"participating: unassigned is hidden", ann(participating), conv("wa", ""), false, ActObserve, false},
		{"participating API client sees nothing", Subject{AccountID: "acme", Access: participating}, conv("wa", ""), false, ActObserve, false},
		{"unknown scope sees nothing", ann(Access{Scope: "everything", Permissions: Set(0).With(AllInboxes)}), conv("wa", ""), false, ActObserve, false},
		{"supervisor works others'", ann(role(RoleSupervisor)), conv("ig", "bo"), true, ActReassign, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CanSeeConversation(tc.s, tc.m); got != tc.see {
				t.Errorf("CanSee = %v, want %v", got, tc.see)
			}
			if got := CanActOnConversation(tc.s, tc.m, tc.act); got != tc.mayAct {
				t.Errorf("CanAct(%d) = %v, want %v", tc.act, got, tc.mayAct)
			}
		})
	}
}

func TestDelayedIdentification(t *testing.T) {
	agent := Subject{AccountID: "acme", UserID: "ann", Access: role(RoleAgent)}
	m := ConversationMeta{AccountID: "acme", InboxID: "wa", AssigneeID: "ann"}
	if ShowContactIdentity(agent, m, false) || !ShowContactIdentity(agent, m, true) {
		t.Fatal("an agent sees the contact only after accepting")
	}
	if !ShowContactIdentity(Subject{Access: role(RoleSupervisor)}, m, false) {
		t.Fatal("view_before_accept shows it at once")
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{
		"+5511998764321":  "+55 •• •••• 4321",
		"+1 415 555 0100": "+1 •• •••• 0100",
		"+123":            "•••• 23",
	} {
		if got := MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
	if got := MaskEmail("jane@example.com"); got != "j•••@example.com" {
		t.Errorf("MaskEmail = %q", got)
	}
	if got := MaskEmail("nonsense"); got != "•••" {
		t.Errorf("MaskEmail(nonsense) = %q", got)
	}
	if got := MaskHandle("1234567890"); got != "•••7890" {
		t.Errorf("MaskHandle = %q", got)
	}
	agent := Subject{Access: role(RoleAgent)}
	admin := Subject{Access: role(RoleAdministrator)}
	if Mask(agent, "phone", "+5511998764321") == "+5511998764321" || Mask(admin, "phone", "+5511998764321") != "+5511998764321" {
		t.Fatal("Mask must depend on view_pii")
	}
}

// sqlOf renders a filter with numbered placeholders and returns its args.
func sqlOf(s Subject, cols Columns) (string, []any) {
	var args []any
	cond := SQLFilter(s, cols, func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) })
	return cond, args
}

func TestSQLFilter(t *testing.T) {
	cols := Columns{AccountID: "c.account_id", InboxID: "c.inbox_id", AssigneeID: "c.assignee_id"}
	agent := role(RoleAgent)
	agent.Inboxes = []string{"wa", "x'); DROP TABLE c; --"}
	for _, tc := range []struct {
		name string
		s    Subject
		cols Columns
		want string
		args int
	}{
		{"admin: the account", Subject{AccountID: "acme", Access: role(RoleAdministrator)}, cols, "c.account_id = $1", 1},
		{"agent: inboxes and own or unassigned", Subject{AccountID: "acme", UserID: "ann", Access: agent}, cols,
			"c.account_id = $1 AND c.inbox_id = ANY($2::text[]) AND c.assignee_id IN ('', $3)", 3},
		{"no inboxes: nothing", Subject{AccountID: "acme", UserID: "ann", Access: role(RoleAgent)}, cols, "false", 0},
		{"no account: nothing", Subject{Access: role(RoleAdministrator)}, cols, "false", 0},
		{"participating with a participants column", Subject{AccountID: "acme", UserID: "ann", Access: Access{Scope: ScopeParticipating, Permissions: Set(0).With(AllInboxes)}},
			Columns{AccountID: "a", InboxID: "i", AssigneeID: "s", Participants: "p"}, "a = $1 AND (s = $2 OR $2 = ANY(p))", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, args := sqlOf(tc.s, tc.cols)
			if got != tc.want || len(args) != tc.args {
				t.Fatalf("got %q with %d args, want %q with %d", got, len(args), tc.want, tc.args)
			}
			if strings.Contains(got, "DROP") {
				t.Fatal("a value was spliced into the SQL")
			}
		})
	}
}

func TestPermissionNames(t *testing.T) {
	all := PermissionNames()
	s, err := ParseSet(all)
	if err != nil || !slices.Equal(s.Names(), all) {
		t.Fatalf("round trip: %v %v", s.Names(), err)
	}
	if _, err := ParseSet([]string{"admin", "root"}); err == nil || !strings.Contains(err.Error(), "root") {
		t.Fatalf("unknown permission: %v", err)
	}
	if !role(RoleAdministrator).Permissions.Has(Admin) || role(RoleSupervisor).Permissions.Has(Admin) || Full().Permissions.Has(Admin) != true {
		t.Fatal("built-in roles")
	}
}

func TestBotMayCall(t *testing.T) {
	for _, tc := range []struct {
		method, route string
		want          bool
	}{
		{"POST", "/api/v1/conversations/:id/messages", true},
		{"POST", "/api/v1/conversations/:id/hand-off", true},
		{"POST", "/api/v1/conversations", true},
		{"POST", "/api/v1/conversations/:id/assign", false},
		{"POST", "/api/v1/contacts/:id/merge", false},
		{"POST", "/api/v1/admin/users", false},
		{"GET", "/api/v1/admin/users", false},
		{"GET", "/api/v1/conversations/:id", true},
		{"GET", "/metrics", false},
	} {
		if got := BotMayCall(tc.method, tc.route); got != tc.want {
			t.Errorf("BotMayCall(%s %s) = %v", tc.method, tc.route, got)
		}
	}
}

func TestReassign(t *testing.T) {
	agent := role(RoleAgent)
	agent.Inboxes = []string{"wa"}
	ann := Subject{AccountID: "acme", UserID: "ann", Access: agent}
	own := ConversationMeta{AccountID: "acme", InboxID: "wa", AssigneeID: "ann"}
	unassigned := ConversationMeta{AccountID: "acme", InboxID: "wa"}
	if !CanActOnConversation(ann, own, ActReassign) || CanActOnConversation(ann, unassigned, ActReassign) || !CanActOnConversation(ann, unassigned, ActTake) {
		t.Fatal("an agent transfers their own conversations and takes unassigned ones, but does not dispatch")
	}
}
