package account

import (
	"testing"

	"github.com/parley-inbox/parley/domain"
)

func TestDecideTagCatalogue(t *testing.T) {
	runDecide(t, []decideCase{
		{Name: "define", Given: acme(), When: DefineTag{TagID: "vip", Name: "VIP", Color: "#ffcc00"}, Then: ev(TagDefined{TagID: "vip", Name: "VIP", Color: "#ffcc00"})},
		{Name: "name taken in another case", Given: acme(TagDefined{TagID: "vip", Name: "VIP"}), When: DefineTag{TagID: "v2", Name: "vip"},
			Kind: domain.KindConflict, Code: CodeTagExists},
		{Name: "bad color", Given: acme(), When: DefineTag{TagID: "x", Name: "X", Color: "red"}, Kind: domain.KindInvalid, Code: domain.CodeBadValue, Field: "color"},
		{Name: "tag with a comma", Given: acme(), When: DefineTag{TagID: "x", Name: "a,b"}, Kind: domain.KindInvalid, Code: domain.CodeBadTag, Field: "name"},
		{Name: "archive", Given: acme(TagDefined{TagID: "vip", Name: "VIP"}), When: ArchiveTag{TagID: "vip"}, Then: ev(TagArchived{TagID: "vip"})},
		{Name: "reuse an archived name", Given: acme(TagDefined{TagID: "vip", Name: "VIP"}, TagArchived{TagID: "vip"}), When: DefineTag{TagID: "v2", Name: "VIP"},
			Then: ev(TagDefined{TagID: "v2", Name: "VIP"})},
	})
}

func TestDecideQuickReplies(t *testing.T) {
	annActor := domain.Actor{Kind: domain.ActorAgent, ID: "ann"}
	hi := `Hi {{ contact.first_name | "there" }}, {{agent.first_name}} here.`
	personal := acme(QuickReplyCreated{QuickReplyID: "q1", Shortcut: "hi", Text: hi, Scope: ScopePersonal, OwnerID: "ann"})
	shared := acme(QuickReplyCreated{QuickReplyID: "q2", Shortcut: "bye", Text: "Bye!", Scope: ScopeAccount})
	runDecide(t, []decideCase{
		{Name: "personal, owned by the actor", Given: acme(), By: annActor, When: CreateQuickReply{QuickReplyID: "q1", Shortcut: "hi", Text: hi, Scope: ScopePersonal},
			Then: ev(QuickReplyCreated{QuickReplyID: "q1", Shortcut: "hi", Text: hi, Scope: ScopePersonal, OwnerID: "ann"})},
		{Name: "personal, for an API client", Given: acme(), By: domain.Actor{Kind: domain.ActorAPIClient, ID: "crm"},
			When: CreateQuickReply{QuickReplyID: "q1", Shortcut: "hi", Text: "x", Scope: ScopePersonal}, Kind: domain.KindForbidden, Code: CodeNotYours},
		{Name: "shared without admin", Given: acme(), By: annActor, When: CreateQuickReply{QuickReplyID: "q", Shortcut: "x", Text: "x", Scope: ScopeAccount},
			Kind: domain.KindForbidden, Code: CodeNotYours},
		{Name: "team reply", Given: acme(), When: CreateQuickReply{QuickReplyID: "q", Shortcut: "x", Text: "x", Scope: ScopeTeam, TeamID: "sales", AsAdmin: true},
			Then: ev(QuickReplyCreated{QuickReplyID: "q", Shortcut: "x", Text: "x", Scope: ScopeTeam, TeamID: "sales"})},
		{Name: "team reply without a team", Given: acme(), When: CreateQuickReply{QuickReplyID: "q", Shortcut: "x", Text: "x", Scope: ScopeTeam, AsAdmin: true},
			Kind: domain.KindInvalid, Code: domain.CodeRequired, Field: "team_id"},
		{Name: "unknown variable", Given: acme(), By: annActor, When: CreateQuickReply{QuickReplyID: "q", Shortcut: "x", Text: "{{ contact.phone }}", Scope: ScopePersonal},
			Kind: domain.KindInvalid, Code: CodeBadTemplate, Field: "text"},
		{Name: "unquoted fallback", Given: acme(), By: annActor, When: CreateQuickReply{QuickReplyID: "q", Shortcut: "x", Text: "{{ agent.name | you }}", Scope: ScopePersonal},
			Kind: domain.KindInvalid, Code: CodeBadTemplate, Field: "text"},
		{Name: "unclosed", Given: acme(), By: annActor, When: CreateQuickReply{QuickReplyID: "q", Shortcut: "x", Text: "{{ agent.name", Scope: ScopePersonal},
			Kind: domain.KindInvalid, Code: CodeBadTemplate, Field: "text"},
		{Name: "shortcut taken in the same audience", Given: personal, By: annActor, When: CreateQuickReply{QuickReplyID: "q3", Shortcut: "hi", Text: "x", Scope: ScopePersonal},
			Kind: domain.KindConflict, Code: CodeShortcutTaken},
		{Name: "same shortcut, another audience", Given: personal, When: CreateQuickReply{QuickReplyID: "q3", Shortcut: "hi", Text: "x", Scope: ScopeAccount, AsAdmin: true},
			Then: ev(QuickReplyCreated{QuickReplyID: "q3", Shortcut: "hi", Text: "x", Scope: ScopeAccount})},
		{Name: "someone else's personal reply is missing", Given: personal, By: domain.Actor{Kind: domain.ActorAgent, ID: "root"},
			When: ArchiveQuickReply{QuickReplyID: "q1", AsAdmin: true}, Kind: domain.KindNotFound, Code: CodeQuickReplyNotFound},
		{Name: "owner edits", Given: personal, By: annActor, When: UpdateQuickReply{QuickReplyID: "q1", Text: ptr("Hello")},
			Then: ev(QuickReplyUpdated{QuickReplyID: "q1", Text: ptr("Hello")})},
		{Name: "agent edits a shared reply", Given: shared, By: annActor, When: UpdateQuickReply{QuickReplyID: "q2", Text: ptr("x")},
			Kind: domain.KindForbidden, Code: CodeNotYours},
		{Name: "admin archives a shared reply", Given: shared, When: ArchiveQuickReply{QuickReplyID: "q2", AsAdmin: true}, Then: ev(QuickReplyArchived{QuickReplyID: "q2"})},
		{Name: "upper-case shortcut", Given: acme(), By: annActor, When: CreateQuickReply{QuickReplyID: "q", Shortcut: "Hi", Text: "x", Scope: ScopePersonal},
			Kind: domain.KindInvalid, Code: domain.CodeBadValue, Field: "shortcut"},
	})
}

func TestRender(t *testing.T) {
	tpl := `Hi {{ contact.first_name | "there" }}, {{agent.first_name}} from {{ account.name }}.`
	for _, tc := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{VarContactFirstName: "Ana", VarAgentFirstName: "Bo", VarAccountName: "Acme"}, "Hi Ana, Bo from Acme."},
		{map[string]string{VarAgentFirstName: "Bo"}, "Hi there, Bo from ."},
		{nil, "Hi there,  from ."},
	} {
		if got := Render(tpl, tc.vars); got != tc.want {
			t.Errorf("Render(%v) = %q, want %q", tc.vars, got, tc.want)
		}
	}
	if got := Render("{{ broken", nil); got != "{{ broken" {
		t.Errorf("malformed: %q", got)
	}
	if got := Render(`{{ agent.name | "a | b" }}`, nil); got != "a | b" {
		t.Errorf("fallback with a bar: %q", got)
	}
	if FirstName("  Ana María Ruiz ") != "Ana" || FirstName("Bo") != "Bo" {
		t.Error("FirstName")
	}
}
