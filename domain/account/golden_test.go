package account

import (
	"flag"
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/domaintest"
)

var update = flag.Bool("update", false, "rewrite the current-version golden files from the samples")

// sampleEvents holds one event of every type with every field set.
func sampleEvents() []domain.Event {
	exp := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	return []domain.Event{
		Created{Name: "Acme"},
		Renamed{Name: "Acme Inc."},
		UserCreated{UserID: "ann", Email: "ann@acme.test", Name: "Ann", Role: "agent"},
		UserUpdated{UserID: "ann", Name: ptr("Ann R."), Role: ptr("supervisor")},
		UserArchived{UserID: "ann"},
		UserRestored{UserID: "ann"},
		PasswordChanged{UserID: "ann"},
		RoleCreated{RoleID: "lead", Name: "Lead", Permissions: []string{"reports.view"}, Scope: "all"},
		RoleUpdated{RoleID: "lead", Name: ptr("Team lead"), Permissions: &[]string{"audit.view"}, Scope: ptr("participating")},
		RoleArchived{RoleID: "lead"},
		TeamCreated{TeamID: "sales", Name: "Sales", Members: []string{"ann"}},
		TeamUpdated{TeamID: "sales", Name: ptr("Sales EU"), Members: &[]string{"ann", "bo"}},
		TeamArchived{TeamID: "sales"},
		InboxCreated{InboxID: "wa", Name: "WhatsApp", Channel: "whatsapp", Agents: []string{"ann"}, Teams: []string{"sales"}},
		InboxUpdated{InboxID: "wa", Name: ptr("WhatsApp BR"), Agents: &[]string{"bo"}, Teams: &[]string{}},
		InboxArchived{InboxID: "wa"},
		TokenIssued{TokenID: "tk1", Name: "CRM", Kind: "api_client", ClientID: "crm", Role: "agent", Inboxes: []string{"wa"}, ExpiresAt: &exp},
		TokenRevoked{TokenID: "tk1"},
		TagDefined{TagID: "vip", Name: "VIP", Color: "#ffcc00"},
		TagArchived{TagID: "vip"},
		QuickReplyCreated{QuickReplyID: "q1", Shortcut: "hi", Text: `Hi {{ contact.first_name | "there" }}`, Scope: "team", TeamID: "sales", OwnerID: ""},
		QuickReplyUpdated{QuickReplyID: "q1", Shortcut: ptr("hello"), Text: ptr("Hello!")},
		QuickReplyArchived{QuickReplyID: "q1"},
	}
}

func TestGoldenEvents(t *testing.T) {
	codec, err := NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	domaintest.CheckGolden(t, codec, "testdata/events", sampleEvents(), *update)
}
