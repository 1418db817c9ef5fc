package conversation

import (
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain"
)

// validCommands holds one valid command of every type.
func validCommands() []Command {
	return []Command{
		OpenConversation{InboxID: "i", Channel: ChannelSMS, ContactID: "c"},
		ReceiveMessage{MessageID: "m", Type: TypeText, Text: "x", SentAt: t0},
		SendMessage{MessageID: "o", Kind: KindText, Text: "x"},
		RecordDeliveryStatus{MessageID: "o", Status: StatusSent},
		AddNote{NoteID: "n", Text: "x"},
		AssignAgent{AgentID: "a", Reason: ReasonManual},
		AssignTeam{TeamID: "t"},
		Unassign{},
		Accept{},
		ApplyTag{Tag: "x"},
		RemoveTag{Tag: "x"},
		Close{},
		Reopen{},
		Snooze{Until: t0.Add(time.Hour)},
		SetPriority{Priority: PriorityHigh},
		MarkRead{UpToMessageID: "m"},
		LinkReference{Kind: RefDeal, ExternalID: "d"},
		UnlinkReference{Kind: RefDeal, ExternalID: "d"},
		RecordIntegrationEvent{Source: "crm", Name: "x"},
		HandOff{},
		AddTranscription{MessageID: "m", Text: "x"},
		AddSummary{SummaryID: "s", Text: "x"},
	}
}

func TestCommandsOnMissingConversationAreNotFound(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range validCommands() {
		if seen[c.CommandType()] {
			t.Fatalf("command type %s twice", c.CommandType())
		}
		seen[c.CommandType()] = true
		if err := c.Validate(); err != nil {
			t.Fatalf("%s: sample is invalid: %v", c.CommandType(), err)
		}
		if _, ok := c.(OpenConversation); ok {
			continue
		}
		_, err := Decide(State{}, c, agent, t0)
		if domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("%s on a missing conversation: want not found, got %v", c.CommandType(), err)
		}
	}
}

func TestDecideNilCommand(t *testing.T) {
	_, err := Decide(State{}, nil, agent, t0)
	if domain.KindOf(err) != domain.KindInvalid {
		t.Fatalf("got %v", err)
	}
}

func TestStreamName(t *testing.T) {
	if got := StreamName("c-1"); got != "conversation-c-1" {
		t.Fatalf("StreamName = %q", got)
	}
	if id, ok := IDFromStream("conversation-c-1"); !ok || id != "c-1" {
		t.Fatalf("IDFromStream = %q %v", id, ok)
	}
	for _, s := range []string{"conversation-", "contact-1", ""} {
		if _, ok := IDFromStream(s); ok {
			t.Fatalf("IDFromStream(%q) accepted", s)
		}
	}
}

func TestWhatsAppWindowState(t *testing.T) {
	s := fold(given(opened(ChannelWhatsApp), ev(inbound("a", t0), inbound("b", t0.Add(-time.Hour)))))
	open, closes := s.WindowOpen(t0.Add(23 * time.Hour))
	if !open || !closes.Equal(t0.Add(24*time.Hour)) {
		t.Fatalf("window = %v %v; an older message must not move it back", open, closes)
	}
}

func TestCloneIsDeep(t *testing.T) {
	s := fold(given(opened(ChannelSMS), ev(inbound("a", t0), TagApplied{Tag: "x"})))
	c := s.Clone()
	_ = Evolve(Evolve(s, TagApplied{Tag: "y"}), inbound("b", t0))
	if len(c.Tags) != 1 || len(c.Messages) != 1 {
		t.Fatalf("clone shares storage: %+v", c)
	}
}
