package conversation

import (
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/domaintest"
)

var (
	t0    = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	agent = domain.Actor{Kind: domain.ActorAgent, ID: "agent-1"}
)

type decideCase = domaintest.Case[Command]

func runDecide(t *testing.T, cases []decideCase) {
	t.Helper()
	codec, err := NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	domaintest.Run(t, domaintest.Aggregate[State, Command]{
		Decide: Decide, Evolve: Evolve, Clone: State.Clone, Codec: codec, By: agent, Now: t0,
	}, cases)
}

func fold(events []domain.Event) State {
	var s State
	for _, e := range events {
		s = Evolve(s, e)
	}
	return s
}

// given joins event lists into one history.
func given(parts ...[]domain.Event) []domain.Event {
	var out []domain.Event
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func opened(ch Channel) []domain.Event {
	return []domain.Event{
		Opened{InboxID: "inbox-1", Channel: ch, ContactID: "contact-1", InitiatedBy: "contact"},
		SessionStarted{Session: 1, StartedAt: t0.Add(-time.Hour)},
	}
}

func inbound(id string, at time.Time) MessageReceived {
	return MessageReceived{MessageID: id, Type: TypeText, Text: "hi", SentAt: at, ReceivedAt: at, Session: 1}
}

func textReply(id string) SendMessage {
	return SendMessage{MessageID: id, Kind: KindText, Text: "hello"}
}

func ev(events ...domain.Event) []domain.Event { return events }
