package timeline

import (
	"context"
	"errors"
)

// Errors of both ports; callers test them with errors.Is.
var (
	// ErrUnavailable: the search engine or database cannot be reached. The
	// API answers 503; the indexer retries from its checkpoint.
	ErrUnavailable = errors.New("timeline: store unavailable")
	// ErrNotFound: the conversation does not exist in the caller's account.
	ErrNotFound = errors.New("timeline: not found")
	// ErrInvalidQuery: a query parameter is out of bounds.
	ErrInvalidQuery = errors.New("timeline: invalid query")
)

// Reader is the query side's port: what the timeline, search and metrics
// routes read. Every call is scoped to one account.
type Reader interface {
	// Conversation returns the conversation's state document, ErrNotFound
	// if it is not the account's. (The routes check visibility against the
	// inbox view; Timeline uses this to tell a missing conversation from an
	// empty page.)
	Conversation(ctx context.Context, accountID, conversationID string) (Conversation, error)
	Timeline(ctx context.Context, accountID, conversationID string, q TimelineQuery) (TimelinePage, error)
	Search(ctx context.Context, accountID string, q SearchQuery) (SearchResult, error)
	Metrics(ctx context.Context, accountID string, q MetricsQuery) (MetricsResult, error)
}

// DocStore is the projector's port: it loads the documents a batch of
// events needs and writes the ones the batch changed. Write must apply a
// document only if its Version is above the stored one, so that replaying a
// batch is a no-op.
type DocStore interface {
	Load(ctx context.Context, keys Keys) (Docs, error)
	Write(ctx context.Context, ch Changes) error
}

// Keys names documents to load.
type Keys struct {
	Conversations []string
	Sessions      []string
	Entries       []string
	Contacts      []string
}

// Docs are loaded documents by id; absent ones do not exist.
type Docs struct {
	Conversations map[string]Conversation
	Sessions      map[string]Session
	Entries       map[string]Entry
	Contacts      map[string]Contact
}

// Changes are the documents a batch changed, each in its final state.
type Changes struct {
	Conversations []Conversation
	Sessions      []Session
	Entries       []Entry
	Contacts      []Contact
}

// Len is the number of documents to write.
func (c Changes) Len() int {
	return len(c.Conversations) + len(c.Sessions) + len(c.Entries) + len(c.Contacts)
}
