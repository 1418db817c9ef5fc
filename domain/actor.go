package domain

import "fmt"

// ActorKind says what sort of party issued a command.
type ActorKind string

// The parties that can act on a conversation or contact.
const (
	ActorAgent     ActorKind = "agent"
	ActorContact   ActorKind = "contact"
	ActorBot       ActorKind = "bot"
	ActorSystem    ActorKind = "system"
	ActorAPIClient ActorKind = "api_client"
)

// Actor is the party that issued a command; every event records it.
type Actor struct {
	Kind ActorKind `json:"kind"`
	ID   string    `json:"id"`
}

// Valid reports whether the actor has a known kind and an id.
func (a Actor) Valid() bool {
	switch a.Kind {
	case ActorAgent, ActorContact, ActorBot, ActorSystem, ActorAPIClient:
		return a.ID != ""
	}
	return false
}

func (a Actor) String() string { return fmt.Sprintf("%s:%s", a.Kind, a.ID) }
