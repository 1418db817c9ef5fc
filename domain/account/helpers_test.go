package account

import (
	"testing"
	"time"

	"github.com/parley-inbox/parley/domain"
	"github.com/parley-inbox/parley/domain/domaintest"
)

var (
	t0    = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
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

// acme is an account with an administrator (root), an agent (ann), a team
// (sales, with ann) and an inbox (wa, worked by sales).
func acme(more ...domain.Event) []domain.Event {
	return append(ev(
		Created{Name: "Acme"},
		UserCreated{UserID: "root", Email: "root@acme.test", Name: "Root", Role: "administrator"},
		UserCreated{UserID: "ann", Email: "ann@acme.test", Name: "Ann", Role: "agent"},
		TeamCreated{TeamID: "sales", Name: "Sales", Members: []string{"ann"}},
		InboxCreated{InboxID: "wa", Name: "WhatsApp", Channel: "whatsapp", Teams: []string{"sales"}},
	), more...)
}
