package assignment

import (
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/domaintest"
)

// sampleEvents holds one event of every type with every field set.
func sampleEvents() []domain.Event {
	full := Rule{ID: "vip", Name: "VIP first", Action: Action{Type: ActionAssignTeam, TeamID: "gold"},
		Conditions: Conditions{
			Channels: []string{"whatsapp"}, Inboxes: []string{"wa"}, Tags: []string{"vip"},
			ContactFields: map[string]string{"plan": "enterprise"}, Keywords: []string{"refund"},
			BusinessHours: &BusinessHours{TimeZone: "Europe/Lisbon", Outside: true,
				Windows: []Window{{Day: time.Monday, From: "09:00", To: "17:30"}}},
		}}
	return []domain.Event{
		PolicySet{Policy: Policy{ID: "p1", Name: "Support", InboxID: "wa", Type: TypeLastAgent, GroupID: "support",
			BalanceLoad: true, OnlyOnlineAgents: true, Capacity: 8}},
		PolicyRemoved{PolicyID: "p1"},
		RuleSet{Rule: full, Position: 2},
		RuleRemoved{RuleID: "vip"},
		RulesReordered{RuleIDs: []string{"b", "a"}},
		SettingsChanged{Settings: Settings{DefaultCapacity: 5, GraceSeconds: 300, RequireFreshView: true}},
	}
}

func TestGoldenEvents(t *testing.T) {
	codec, err := NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	domaintest.CheckGolden(t, codec, "testdata/events", sampleEvents(), *update)
}
