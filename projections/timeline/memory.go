package timeline

import (
	"context"
	"encoding/json"
)

// MemoryDocs is a DocStore in memory, with the versioned writes every
// store has: Verify folds the log into one to compare with a real store.
type MemoryDocs struct {
	docs Docs
}

// NewMemoryDocs returns an empty store.
func NewMemoryDocs() *MemoryDocs {
	return &MemoryDocs{docs: Docs{Conversations: map[string]Conversation{}, Sessions: map[string]Session{},
		Entries: map[string]Entry{}, Contacts: map[string]Contact{}}}
}

// Load returns the stored documents among k.
func (m *MemoryDocs) Load(_ context.Context, k Keys) (Docs, error) {
	return Docs{Conversations: pick(m.docs.Conversations, k.Conversations), Sessions: pick(m.docs.Sessions, k.Sessions),
		Entries: pick(m.docs.Entries, k.Entries), Contacts: pick(m.docs.Contacts, k.Contacts)}, nil
}

func pick[T any](from map[string]T, ids []string) map[string]T {
	out := map[string]T{}
	for _, id := range ids {
		if v, ok := from[id]; ok {
			out[id] = v
		}
	}
	return out
}

// Write stores each document whose version is above the stored one.
func (m *MemoryDocs) Write(_ context.Context, ch Changes) error {
	for _, x := range ch.Conversations {
		if old, ok := m.docs.Conversations[x.ID]; !ok || old.Version < x.Version {
			m.docs.Conversations[x.ID] = x
		}
	}
	for _, x := range ch.Sessions {
		if old, ok := m.docs.Sessions[x.ID]; !ok || old.Version < x.Version {
			m.docs.Sessions[x.ID] = x
		}
	}
	for _, x := range ch.Entries {
		if old, ok := m.docs.Entries[x.ID]; !ok || old.Version < x.Version {
			m.docs.Entries[x.ID] = x
		}
	}
	for _, x := range ch.Contacts {
		if old, ok := m.docs.Contacts[x.ID]; !ok || old.Version < x.Version {
			m.docs.Contacts[x.ID] = x
		}
	}
	return nil
}

// normalize is a document as its JSON form decodes, so that a stored copy
// (times parsed back, empty slices dropped) compares equal to the original.
func normalize(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return v
	}
	return out
}
