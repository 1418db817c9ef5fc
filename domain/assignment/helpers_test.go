package assignment

import (
	"flag"
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/domaintest"
)

var update = flag.Bool("update", false, "rewrite the current-version golden files from the samples")

var (
	t0    = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) // a Monday
	admin = domain.Actor{Kind: domain.ActorAgent, ID: "root"}
)

type decideCase = domaintest.Case[Command]

func runDecide(t *testing.T, cases []decideCase) {
	t.Helper()
	codec, err := NewCodec()
	if err != nil {
		t.Fatal(err)
	}
	domaintest.Run(t, domaintest.Aggregate[State, Command]{
		Decide: Decide, Evolve: Evolve, Clone: State.Clone, Codec: codec, By: admin, Now: t0,
	}, cases)
}

func ev(events ...domain.Event) []domain.Event { return events }

func ptr[T any](v T) *T { return &v }

func fold(events ...domain.Event) State {
	var s State
	for _, e := range events {
		s = Evolve(s, e)
	}
	return s
}

func rr(id, inbox string) Policy {
	return Policy{ID: id, InboxID: inbox, Type: TypeRoundRobin, OnlyOnlineAgents: true}
}

func rule(id string, c Conditions, a Action) Rule { return Rule{ID: id, Conditions: c, Action: a} }
