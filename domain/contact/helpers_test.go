package contact

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

func fold(events ...domain.Event) State {
	var s State
	for _, e := range events {
		s = Evolve(s, e)
	}
	return s
}

func ev(events ...domain.Event) []domain.Event { return events }

func ptr[T any](v T) *T { return &v }

func created() Created {
	return Created{DisplayName: "Ana Ruiz", CustomFields: map[string]string{"plan": "gold"}}
}
