package conversation

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
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	return []domain.Event{
		Opened{InboxID: "inbox-wa-1", Channel: ChannelWhatsApp, ContactID: "contact-42", Subject: "Order 1234", InitiatedBy: "contact", BotID: "bot-1"},
		SessionStarted{Session: 2, StartedAt: at},
		MessageReceived{
			MessageID: "msg-1", Type: TypeImage, Text: "see attached",
			Media:             &Media{URL: "https://cdn.example.com/a.jpg", Ref: "wa-media-9", MimeType: "image/jpeg", Size: 48213, Filename: "a.jpg", Caption: "broken box"},
			Location:          &Location{Lat: -34.6037, Lng: -58.3816, Name: "Obelisco", Address: "Av. 9 de Julio s/n"},
			Contact:           &ContactCard{Name: "Ana Ruiz", Phones: []string{"+5491155550000"}, Emails: []string{"ana@example.com"}},
			Product:           &Product{CatalogID: "cat-1", ProductID: "sku-9"},
			Interactive:       &Interactive{ReplyID: "btn-yes", Title: "Yes"},
			ProviderMessageID: "wamid.HBgLNTQ5MTE1NTU1MDAwMBUCABIYFjNFQjA=",
			Referral:          &Referral{Source: "meta_ads", AdID: "120201", Headline: "Spring sale", URL: "https://example.com/sale"},
			SentAt:            at.Add(-2 * time.Second), ReceivedAt: at, Session: 1,
		},
		MessageSent{MessageID: "msg-2", Kind: KindTemplate, Text: "Hi Ana", Media: &Media{Ref: "upload-3", MimeType: "application/pdf"},
			QuickReplyID: "qr-5", Template: &Template{Name: "order_update", Language: "es_AR", Params: []string{"Ana", "1234"}},
			Reaction: &Reaction{MessageID: "msg-1", Emoji: "👍", ProviderMessageID: "wamid.HBgLNTQ5MTE1NTU1MDAwMBUCABIYFjNFQjA="},
			Catalog:  &Catalog{CatalogID: "cat-1", ProductID: "sku-9", Header: "Spring sale", Footer: "Free shipping", Sections: []CatalogSection{{Title: "Shoes", ProductIDs: []string{"sku-1", "sku-2"}}}},
			Session:  1},
		DeliveryStatusRecorded{MessageID: "msg-2", Status: StatusFailed, Reason: "re-engagement message", ErrorCode: "131047", At: at},
		NoteAdded{NoteID: "note-1", Text: "@agent-7 refund approved?", Mentions: []string{"agent-7"}},
		Assigned{AgentID: "agent-7", PreviousAgentID: "agent-3", Reason: ReasonRoundRobin, Policy: "billing-rr", RuleID: "rule-2", Candidates: []string{"agent-7", "agent-8"}},
		TeamAssigned{TeamID: "billing", PreviousTeamID: "sales"},
		Unassigned{PreviousAgentID: "agent-7"},
		Accepted{AgentID: "agent-7"},
		TagApplied{Tag: "VIP"},
		TagRemoved{Tag: "refund"},
		Closed{Session: 1, Reason: "solved"},
		Reopened{From: StatusClosed, Trigger: "inbound_message", Session: 2},
		Snoozed{Until: at.Add(24 * time.Hour)},
		PrioritySet{Priority: PriorityUrgent, Previous: PriorityLow},
		ReadByAgent{AgentID: "agent-7", UpToMessageID: "msg-1"},
		ReferenceLinked{Kind: RefDeal, ExternalID: "D-889", URL: "https://crm.example.com/deals/889"},
		ReferenceUnlinked{Kind: RefTicket, ExternalID: "T-12"},
		IntegrationEventRecorded{Source: "crm", Name: "deal_won", Payload: map[string]any{"amount": 1200.5, "currency": "ARS", "won": true}},
		HandedOff{BotID: "bot-1", Reason: "asked for a human", TeamID: "billing"},
		TranscriptionAdded{MessageID: "msg-3", Text: "hola, quiero cambiar la dirección", Language: "es"},
		SummaryAdded{SummaryID: "sum-1", Text: "Customer asked to change the delivery address.", Session: 1},
	}
}

func TestGoldenEvents(t *testing.T) {
	codec, err := NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	domaintest.CheckGolden(t, codec, "testdata/events", sampleEvents(), *update)
}

func TestCodecVersions(t *testing.T) {
	codec, err := NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	for typ, want := range map[string]int{TypeMessageReceived: 2, TypeAssigned: 2, TypeOpened: 1} {
		if got := codec.Version(typ); got != want {
			t.Errorf("%s: version %d, want %d", typ, got, want)
		}
	}
}
